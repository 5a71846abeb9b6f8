"""Closed tickets leave the live file, so a write's cost does not grow with the history."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from store.codec import ticket_to_dict
from store.tinydb_store import KEY_DAYS, TinyDbTicketStore
from tests.factories import T0, make_ticket
from tickets.model import Status
from tickets.ports import TicketQuery


def live_numbers(path: Path) -> set[int]:
    return {int(n) for n in json.loads(path.read_text("utf-8"))["tickets"]}


async def test_closing_moves_a_ticket_to_the_archive_and_reopening_brings_it_back(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    store = TinyDbTicketStore(path)
    ticket = await store.create(make_ticket())
    closed = await store.save(replace(ticket, status=Status.CLOSED))
    assert live_numbers(path) == set()
    assert (tmp_path / "tickets-archive" / "tickets-00000.json").exists()
    assert await TinyDbTicketStore(path).get(ticket.number) == closed
    assert await store.find(TicketQuery(open_only=True)) == []
    assert await store.find(TicketQuery()) == [closed]

    reopened = await store.save(replace(closed, status=Status.REOPENED))
    assert live_numbers(path) == {ticket.number}
    assert await TinyDbTicketStore(path).find(TicketQuery()) == [reopened]


async def test_the_live_file_holds_only_open_tickets(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    store = TinyDbTicketStore(path)
    for _ in range(30):
        ticket = await store.create(make_ticket())
        await store.save(replace(ticket, status=Status.CANCELLED))
    size_with_history = path.stat().st_size
    still_open = await store.create(make_ticket())
    assert live_numbers(path) == {still_open.number}
    assert path.stat().st_size < size_with_history + 4 * len(json.dumps(ticket_to_dict(still_open)))
    assert len(await store.find(TicketQuery())) == 31


async def test_a_crash_between_archive_and_live_write_keeps_the_newer_copy(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    store = TinyDbTicketStore(path)
    ticket = await store.create(make_ticket())
    closed = replace(ticket, status=Status.CLOSED, version=ticket.version + 1)
    # what a kill right after the archive write leaves: the ticket in both places
    shard = tmp_path / "tickets-archive" / "tickets-00000.json"
    shard.parent.mkdir()
    shard.write_text(json.dumps({str(ticket.number): ticket_to_dict(closed)}))
    reloaded = TinyDbTicketStore(path)
    assert await reloaded.get(ticket.number) == closed
    assert await reloaded.find(TicketQuery(open_only=True)) == []
    assert [t.number for t in await reloaded.find(TicketQuery())] == [ticket.number]


async def test_old_idempotency_keys_are_forgotten(tmp_path: Path) -> None:
    store = TinyDbTicketStore(tmp_path / "tickets.json")
    first = await store.create(make_ticket(), idempotency_key="old")
    assert (await store.create(make_ticket(), idempotency_key="old")).number == first.number
    later = T0 + timedelta(days=KEY_DAYS + 1)
    await store.create(make_ticket(created_at=later, updated_at=later), idempotency_key="new")
    keys = json.loads((tmp_path / "tickets.json").read_text("utf-8"))["idempotency_keys"]["1"]
    assert set(keys) == {"new"}
