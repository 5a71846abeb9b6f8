"""Writes SharePoint cannot take yet: kept in the local outbox, replayed in order, never forced."""

from __future__ import annotations

import json

import pytest

from graph.errors import GraphUnavailable
from store.outbox import SavedForSync
from tests.factories import make_person, make_ticket
from tests.graph.conftest import ManualClock, desk
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness
from tickets.errors import AlreadyClaimed
from tickets.intake import IntakeDraft
from tickets.model import Actor, Level, Status, Ticket, TicketType
from tickets.ports import TicketQuery

ADA = make_person("user-1", "Ada Employee")
TESS = Actor(make_person("tech-1", "Tess Tech"), is_technician=True)
TOM = Actor(make_person("tech-2", "Tom Tech"), is_technician=True)


def draft(summary: str) -> IntakeDraft:
    return IntakeDraft(TicketType.INCIDENT, "Hardware", "Laptop", summary, "It broke.", Level.MEDIUM, Level.MEDIUM)


async def test_tickets_opened_while_graph_is_down_are_kept_and_synced_in_order(harness: SharePointHarness,
                                                                              fake: FakeGraph) -> None:
    service = desk(await harness.open())
    existing = await service.open_ticket(ADA, draft("Dock is dead"), idempotency_key="activity-0")

    await fake.go_down()
    with pytest.raises(SavedForSync) as first:
        await service.open_ticket(ADA, draft("Printer jams"), idempotency_key="activity-1")
    assert "saved" in first.value.message and "ticket number" in first.value.message
    with pytest.raises(GraphUnavailable) as claim:  # a claim needs the current ticket: refused, not guessed
        await service.claim(existing.reference, TESS)
    assert "can't be reached" in claim.value.message
    with pytest.raises(SavedForSync):
        await service.open_ticket(ADA, draft("Wi-Fi drops"), idempotency_key="activity-2")
    assert [e["ticket"]["summary"] for e in json.loads(harness.outbox_path.read_text("utf-8"))] == [
        "Printer jams", "Wi-Fi drops"]

    # Graph comes back and the bot is restarted: the outbox file is what carries the tickets over.
    synced: list[Ticket] = []

    async def told(ticket: Ticket) -> None:
        synced.append(ticket)

    await fake.come_back()
    restarted = await harness.open(on_created=told)
    report = await restarted.sync()

    assert report.remaining == 0
    assert [t.summary for t in synced] == ["Printer jams", "Wi-Fi drops"]
    assert existing.number < synced[0].number < synced[1].number
    assert [t.summary for t in await desk(restarted).my_tickets(Actor(ADA))] == [
        "Dock is dead", "Printer jams", "Wi-Fi drops"]
    assert json.loads(harness.outbox_path.read_text("utf-8")) == []


async def test_a_new_write_waits_behind_older_queued_ones(harness: SharePointHarness, fake: FakeGraph) -> None:
    store = await harness.open()
    await fake.go_down()
    with pytest.raises(SavedForSync):
        await store.create(make_ticket(summary="first"))
    await fake.come_back()

    second = await store.create(make_ticket(summary="second"))  # drains the outbox first

    first = (await store.find(TicketQuery()))[0]
    assert first.summary == "first" and first.number < second.number


async def test_a_second_claim_is_judged_against_the_queued_first_one(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    store = await harness.open(monotonic=clock)
    ticket = await desk(store).open_ticket(ADA, draft("Dock is dead"))
    fake.inject(429, retry_after=600, method="PATCH")
    with pytest.raises(SavedForSync):
        await desk(store).claim(ticket.reference, TESS)

    with pytest.raises(AlreadyClaimed):
        await desk(store).claim(ticket.reference, TOM)

    clock.advance(601)
    assert (await store.sync()).remaining == 0
    assert (await store.get(ticket.number)).assignee == TESS.person


async def test_a_queued_change_overtaken_elsewhere_is_reported_not_forced(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    here = await harness.open(monotonic=clock)
    elsewhere = await harness.open(outbox="other-machine.json")
    ticket = await desk(here).open_ticket(ADA, draft("Dock is dead"))
    fake.inject(429, retry_after=600, method="PATCH")
    with pytest.raises(SavedForSync):
        await desk(here).claim(ticket.reference, TESS)
    await desk(elsewhere).claim(ticket.reference, TOM)

    clock.advance(601)
    report = await here.sync()

    assert [t.number for t in report.conflicts] == [ticket.number] and report.remaining == 0
    stored = await elsewhere.get(ticket.number)
    assert stored.status is Status.ASSIGNED and stored.assignee == TOM.person

