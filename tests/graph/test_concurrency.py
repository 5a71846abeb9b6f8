"""Two bot processes (two Graph clients, two stores) claiming the same ticket."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from tests.factories import make_person, make_ticket
from tests.graph.conftest import desk
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness
from tickets.errors import AlreadyClaimed, VersionConflict
from tickets.model import Actor, Status, Ticket

TESS = Actor(make_person("tech-1", "Tess Tech"), is_technician=True)
TOM = Actor(make_person("tech-2", "Tom Tech"), is_technician=True)


async def test_a_save_from_a_second_process_on_a_stale_etag_gets_412(harness: SharePointHarness,
                                                                     fake: FakeGraph) -> None:
    first, second = await harness.open(), await harness.open()
    ticket = await first.create(make_ticket())
    seen_by_first, seen_by_second = await first.get(ticket.number), await second.get(ticket.number)

    await first.save(replace(seen_by_first, status=Status.ASSIGNED, assignee=TESS.person))
    with pytest.raises(VersionConflict):
        await second.save(replace(seen_by_second, status=Status.ASSIGNED, assignee=TOM.person))

    patches = [r for r in fake.log if r.method == "PATCH"]
    assert [r.status for r in patches] == [200, 412]
    assert all(r.headers.get("If-Match") for r in patches)
    assert (await second.get(ticket.number)).assignee == TESS.person


async def test_concurrent_claims_from_two_processes_leave_one_owner(harness: SharePointHarness) -> None:
    first, second = await harness.open(), await harness.open()
    ticket = await first.create(make_ticket())

    results = await asyncio.gather(desk(first).claim(ticket.reference, TESS), desk(second).claim(ticket.reference, TOM),
                                   return_exceptions=True)

    winners = [r for r in results if isinstance(r, Ticket)]
    assert len(winners) == 1
    assert [type(r) for r in results if not isinstance(r, Ticket)] == [AlreadyClaimed]
    stored = await (await harness.open()).get(ticket.number)
    assert stored == winners[0]
    assert [e.kind for e in stored.history].count("claimed") == 1


async def test_a_claim_costs_one_read_and_one_write_request(harness: SharePointHarness, fake: FakeGraph) -> None:
    store = await harness.open()
    ticket = await store.create(make_ticket())
    fake.log.clear()

    await desk(store).claim(ticket.reference, TESS)

    assert [(r.method, r.status) for r in fake.log] == [("GET", 200), ("PATCH", 200)]
