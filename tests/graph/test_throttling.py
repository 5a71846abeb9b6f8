"""429/503 with Retry-After, and creates the SDK retried after their answer was lost."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.errors import GraphThrottled
from store.outbox import SavedForSync
from tests.factories import make_person, make_ticket
from tests.graph.conftest import ManualClock, desk
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness
from tickets.model import Actor, Status
from tickets.ports import TicketQuery

TESS = Actor(make_person("tech-1", "Tess Tech"), is_technician=True)


def items(fake: FakeGraph, harness: SharePointHarness) -> int:
    return len(fake.list_named(harness.settings.site_id, harness.settings.list_name).items)


async def test_a_short_retry_after_is_waited_out_and_the_claim_goes_through(harness: SharePointHarness,
                                                                             fake: FakeGraph) -> None:
    store = await harness.open()
    ticket = await store.create(make_ticket())
    fake.inject(429, retry_after=1, method="PATCH")

    claimed = await desk(store).claim(ticket.reference, TESS)

    assert claimed.assignee == TESS.person
    assert [r.status for r in fake.log if r.method == "PATCH"] == [429, 200]
    assert len(store.outbox) == 0


async def test_a_long_retry_after_keeps_the_change_and_sends_nothing_until_it_ends(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    store = await harness.open(monotonic=clock)
    ticket = await store.create(make_ticket())
    fake.inject(429, retry_after=300, method="PATCH")

    with pytest.raises(SavedForSync) as saved:
        await desk(store).claim(ticket.reference, TESS)
    assert "will be synced" in saved.value.message

    sent = len(fake.log)
    clock.advance(120)
    assert (await store.get(ticket.number)).assignee == TESS.person  # the local view has the claim
    with pytest.raises(GraphThrottled):
        await store.find(TicketQuery(open_only=True))
    assert len(fake.log) == sent  # nothing went to Graph while it asked us to wait

    clock.advance(200)
    report = await store.sync()

    assert [t.number for t in report.saved] == [ticket.number] and report.remaining == 0
    stored = await (await harness.open()).get(ticket.number)
    assert stored.status is Status.ASSIGNED and stored.assignee == TESS.person


async def test_a_503_on_create_then_success_makes_one_item(harness: SharePointHarness, fake: FakeGraph) -> None:
    store = await harness.open()
    fake.inject(503, retry_after=1, method="POST", path_contains="/items")

    created = await store.create(make_ticket(summary="VPN down"), idempotency_key="activity-7")

    assert [r.status for r in fake.log if r.method == "POST" and r.path.endswith("/items")] == [503, 201]
    assert items(fake, harness) == 1
    assert await store.get(created.number) == created


async def test_a_create_whose_answer_was_lost_is_not_duplicated_by_the_sdk_retry(harness: SharePointHarness,
                                                                                fake: FakeGraph) -> None:
    store = await harness.open()
    fake.inject(503, retry_after=1, method="POST", path_contains="/items", after_commit=True)

    created = await store.create(make_ticket(summary="VPN down"), idempotency_key="activity-7")

    assert [r.status for r in fake.log if r.method == "POST" and r.path.endswith("/items")] == [503, 409]  # the retry met the unique key
    assert items(fake, harness) == 1
    assert created.number == 1 and await store.get(created.number) == created


async def test_a_create_lost_behind_a_long_wait_is_not_duplicated_by_the_replay(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    store = await harness.open(monotonic=clock)
    fake.inject(503, retry_after=200, method="POST", path_contains="/items", after_commit=True)

    with pytest.raises(SavedForSync):
        await store.create(make_ticket(summary="VPN down"), idempotency_key="activity-7")
    with pytest.raises(SavedForSync):  # the user pressed the button again
        await store.create(make_ticket(summary="VPN down"), idempotency_key="activity-7")
    clock.advance(201)
    report = await store.sync()

    assert items(fake, harness) == 1
    assert [t.number for t in report.created] == [1]
    assert replace(report.created[0], number=0, version=0) == make_ticket(summary="VPN down")
