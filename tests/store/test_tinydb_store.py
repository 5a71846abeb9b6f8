"""TinyDB specifics beyond the contract: failed writes, leftovers, the claim race through the service."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from store.tinydb_store import TinyDbTicketStore
from tests.domain.fakes import FakeClock, RecordingNotifier
from tests.factories import T0, make_person, make_ticket
from tickets.desk_config import parse_desk_config
from tickets.errors import AlreadyClaimed
from tickets.model import Actor, Status, Ticket
from tickets.ports import TicketQuery
from tickets.service import DeskService

REPO = Path(__file__).resolve().parents[2]


async def test_a_create_that_fails_stores_nothing_and_uses_no_number(tmp_path: Path) -> None:
    store = TinyDbTicketStore(tmp_path / "t.json")
    first = await store.create(make_ticket())
    on_disk = (tmp_path / "t.json").read_bytes()

    with pytest.raises(ValueError):
        await store.create(make_ticket(created_at=T0.replace(tzinfo=None)), idempotency_key="bad")

    assert (tmp_path / "t.json").read_bytes() == on_disk
    second = await store.create(make_ticket(), idempotency_key="bad")
    assert second.number == first.number + 1
    assert [t.number for t in await TinyDbTicketStore(tmp_path / "t.json").find(TicketQuery())] == [1, 2]


async def test_the_file_is_plain_json_and_temp_leftovers_are_cleared(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    created = await TinyDbTicketStore(path).create(make_ticket(summary="Ünïcode ✓"))
    leftover = tmp_path / ".t.json.0123456789abcdef.tmp"
    leftover.write_text('{"half": ')

    reopened = TinyDbTicketStore(path)

    assert not leftover.exists()
    assert json.loads(path.read_text("utf-8"))["tickets"][str(created.number)]["summary"] == "Ünïcode ✓"
    assert (await reopened.get(created.number)).summary == "Ünïcode ✓"


async def test_two_technicians_claiming_at_once_leave_one_owner(tmp_path: Path) -> None:
    config = parse_desk_config(yaml.safe_load((REPO / "desk.yaml").read_text("utf-8")), "desk.yaml")
    notifier = RecordingNotifier()
    store = TinyDbTicketStore(tmp_path / "t.json")
    desk = DeskService(store, notifier, FakeClock(T0), config)
    ticket = await store.create(make_ticket())
    techs = [Actor(make_person(f"tech-{i}", f"Tech {i}"), is_technician=True) for i in range(2)]

    results = await asyncio.gather(*(desk.claim(ticket.reference, t) for t in techs), return_exceptions=True)

    winners = [r for r in results if isinstance(r, Ticket)]
    losers = [r for r in results if not isinstance(r, Ticket)]
    assert len(winners) == 1 and len(losers) == 1 and isinstance(losers[0], AlreadyClaimed)
    stored = await TinyDbTicketStore(tmp_path / "t.json").get(ticket.number)
    assert stored == winners[0] and stored.status is Status.ASSIGNED
    assert [e.kind for e in stored.history].count("claimed") == 1
    assert [(ref, e.kind) for ref, e in notifier.events] == [(ticket.reference, "claimed")]


async def test_a_failed_disk_write_is_reported_and_leaves_the_store_consistent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TinyDbTicketStore(tmp_path / "t.json")
    kept = await store.create(make_ticket(summary="kept"))

    def disk_full(path: Path, data: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("store.atomic_storage.write_json_atomic", disk_full)
        with pytest.raises(OSError):
            await store.create(make_ticket(summary="lost"))
        with pytest.raises(OSError):
            await store.save(replace(kept, summary="lost edit"))

    assert [t.summary for t in await store.find(TicketQuery())] == ["kept"]
    assert await store.get(kept.number) == kept
    after = await store.save(replace(kept, summary="edited"))
    assert await TinyDbTicketStore(tmp_path / "t.json").find(TicketQuery()) == [after]
