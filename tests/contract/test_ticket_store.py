"""What every TicketStore must do (run once per store in `stores.py`)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.contract.stores import TicketStoreHarness
from tests.factories import T0, make_full_ticket, make_person, make_ticket
from tickets.errors import TicketNotFound, VersionConflict
from tickets.model import Event, Status, Ticket, Visibility
from tickets.ports import TicketQuery, TicketStore

ADA = make_person("user-1", "Ada Employee")
BOB = make_person("user-2", "Bob Employee")
TESS = make_person("tech-1", "Tess Tech")
TOM = make_person("tech-2", "Tom Tech")


# --- numbering ---------------------------------------------------------------------------------


async def test_create_gives_increasing_numbers_and_version_1(ticket_store: TicketStore) -> None:
    created = [await ticket_store.create(make_ticket(summary=f"#{i}")) for i in range(3)]

    numbers = [t.number for t in created]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3 and numbers[0] > 0
    assert all(t.version == 1 for t in created)
    assert [(await ticket_store.get(n)).summary for n in numbers] == ["#0", "#1", "#2"]


async def test_numbers_are_never_reused_after_reopening(ticket_harness: TicketStoreHarness) -> None:
    first = await ticket_harness.open()
    before = [(await first.create(make_ticket())).number for _ in range(2)]

    reopened = await ticket_harness.open()
    after = (await reopened.create(make_ticket())).number

    assert after > max(before)
    assert (await reopened.get(before[0])).number == before[0]


async def test_concurrent_creates_get_distinct_numbers(ticket_store: TicketStore) -> None:
    created = await asyncio.gather(*(ticket_store.create(make_ticket(summary=str(i))) for i in range(8)))

    assert len({t.number for t in created}) == 8
    for ticket in created:
        assert (await ticket_store.get(ticket.number)).summary == ticket.summary


async def test_create_ignores_the_number_and_version_it_is_given(ticket_store: TicketStore) -> None:
    created = await ticket_store.create(make_ticket(number=999, version=7))

    assert created.version == 1
    assert (await ticket_store.get(created.number)) == created


# --- get / save --------------------------------------------------------------------------------


async def test_get_missing_ticket_raises_not_found(ticket_store: TicketStore) -> None:
    await ticket_store.create(make_ticket())

    with pytest.raises(TicketNotFound):
        await ticket_store.get(424242)


async def test_save_of_a_missing_ticket_raises_not_found(ticket_store: TicketStore) -> None:
    with pytest.raises(TicketNotFound):
        await ticket_store.save(make_ticket(number=424242, version=1))


async def test_save_stores_the_change_and_bumps_the_version(ticket_store: TicketStore) -> None:
    created = await ticket_store.create(make_ticket())

    saved = await ticket_store.save(replace(created, status=Status.ASSIGNED, assignee=TESS))

    assert saved.version == created.version + 1
    assert saved == replace(created, status=Status.ASSIGNED, assignee=TESS, version=saved.version)
    assert await ticket_store.get(created.number) == saved


async def test_stale_save_raises_conflict_and_changes_nothing(ticket_store: TicketStore) -> None:
    created = await ticket_store.create(make_ticket())
    first = await ticket_store.save(replace(created, summary="first edit"))

    with pytest.raises(VersionConflict):
        await ticket_store.save(replace(created, summary="stale edit"))

    assert await ticket_store.get(created.number) == first


async def test_of_concurrent_saves_of_one_version_exactly_one_wins(ticket_store: TicketStore) -> None:
    created = await ticket_store.create(make_ticket())
    claims = [replace(created, status=Status.ASSIGNED, assignee=tech) for tech in (TESS, TOM, TESS, TOM)]

    results = await asyncio.gather(*(ticket_store.save(c) for c in claims), return_exceptions=True)

    winners = [r for r in results if isinstance(r, Ticket)]
    assert len(winners) == 1
    assert all(isinstance(r, VersionConflict) for r in results if not isinstance(r, Ticket))
    assert await ticket_store.get(created.number) == winners[0]
    assert winners[0].version == created.version + 1


async def test_saves_survive_reopening(ticket_harness: TicketStoreHarness) -> None:
    store = await ticket_harness.open()
    created = await store.create(make_ticket())
    saved = await store.save(replace(created, status=Status.ASSIGNED, assignee=TESS))

    assert await (await ticket_harness.open()).get(created.number) == saved


# --- idempotent create -------------------------------------------------------------------------


async def test_create_with_a_known_key_returns_the_first_ticket(ticket_store: TicketStore) -> None:
    first = await ticket_store.create(make_ticket(summary="printer on fire"), idempotency_key="activity-1")
    again = await ticket_store.create(make_ticket(summary="printer on fire (retry)"), idempotency_key="activity-1")
    other = await ticket_store.create(make_ticket(summary="another"), idempotency_key="activity-2")

    assert again == first
    assert other.number != first.number
    assert len(await ticket_store.find(TicketQuery())) == 2


async def test_a_known_key_returns_the_ticket_as_it_is_now(ticket_store: TicketStore) -> None:
    first = await ticket_store.create(make_ticket(), idempotency_key="activity-1")
    saved = await ticket_store.save(replace(first, summary="edited"))

    assert await ticket_store.create(make_ticket(), idempotency_key="activity-1") == saved


async def test_idempotency_keys_survive_reopening(ticket_harness: TicketStoreHarness) -> None:
    first = await (await ticket_harness.open()).create(make_ticket(), idempotency_key="activity-1")

    reopened = await ticket_harness.open()
    again = await reopened.create(make_ticket(summary="retry"), idempotency_key="activity-1")

    assert again == first
    assert [t.number for t in await reopened.find(TicketQuery())] == [first.number]


async def test_concurrent_creates_with_one_key_make_one_ticket(ticket_store: TicketStore) -> None:
    created = await asyncio.gather(*(ticket_store.create(make_ticket(), idempotency_key="k") for _ in range(4)))

    assert len({t.number for t in created}) == 1
    assert len(await ticket_store.find(TicketQuery())) == 1


# --- find --------------------------------------------------------------------------------------


async def _seed(store: TicketStore) -> dict[str, int]:
    """Six tickets covering the filters; returns name -> number."""
    specs = {
        "ada_new": make_ticket(requester=ADA),
        "ada_tess_network": make_ticket(requester=ADA, assignee=TESS, status=Status.ASSIGNED, queue="network"),
        "bob_new_network": make_ticket(requester=BOB, queue="network"),
        "bob_tom_pending": make_ticket(requester=BOB, assignee=TOM, status=Status.PENDING),
        "ada_tess_resolved": make_ticket(requester=ADA, assignee=TESS, status=Status.RESOLVED),
        "bob_cancelled_network": make_ticket(requester=BOB, status=Status.CANCELLED, queue="network"),
    }
    return {name: (await store.create(ticket)).number for name, ticket in specs.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (TicketQuery(), ["ada_new", "ada_tess_network", "bob_new_network", "bob_tom_pending",
                         "ada_tess_resolved", "bob_cancelled_network"]),
        (TicketQuery(requester_id="user-1"), ["ada_new", "ada_tess_network", "ada_tess_resolved"]),
        (TicketQuery(assignee_id="tech-1"), ["ada_tess_network", "ada_tess_resolved"]),
        (TicketQuery(queue="network"), ["ada_tess_network", "bob_new_network", "bob_cancelled_network"]),
        (TicketQuery(open_only=True), ["ada_new", "ada_tess_network", "bob_new_network", "bob_tom_pending"]),
        (TicketQuery(unassigned_only=True), ["ada_new", "bob_new_network", "bob_cancelled_network"]),
        (TicketQuery(statuses=frozenset({Status.PENDING, Status.RESOLVED})), ["bob_tom_pending", "ada_tess_resolved"]),
        (TicketQuery(requester_id="user-1", open_only=True), ["ada_new", "ada_tess_network"]),
        (TicketQuery(queue="network", open_only=True, unassigned_only=True), ["bob_new_network"]),
        (TicketQuery(requester_id="user-2", assignee_id="tech-2"), ["bob_tom_pending"]),
        (TicketQuery(requester_id="user-2", statuses=frozenset({Status.NEW, Status.CANCELLED})),
         ["bob_new_network", "bob_cancelled_network"]),
        (TicketQuery(open_only=True, limit=2), ["ada_new", "ada_tess_network"]),
        (TicketQuery(limit=0), []),
        (TicketQuery(requester_id="nobody"), []),
        (TicketQuery(assignee_id="tech-1", unassigned_only=True), []),
    ],
)
async def test_find_applies_every_filter_oldest_first(
    ticket_store: TicketStore, query: TicketQuery, expected: list[str]
) -> None:
    numbers = await _seed(ticket_store)

    found = await ticket_store.find(query)

    assert [t.number for t in found] == [numbers[name] for name in expected]


async def test_find_due_before_returns_tickets_whose_next_sla_moment_has_come(ticket_store: TicketStore) -> None:
    times = {"never": None, "soon": T0 + timedelta(minutes=10), "later": T0 + timedelta(hours=1),
             "soon_closed": T0 + timedelta(minutes=5)}
    numbers = {}
    for name, at in times.items():
        status = Status.CLOSED if name.endswith("closed") else Status.NEW
        numbers[name] = (await ticket_store.create(make_ticket(sla_next_at=at, status=status))).number

    async def due(**filters: object) -> list[int]:
        return [t.number for t in await ticket_store.find(TicketQuery(**filters))]  # type: ignore[arg-type]

    assert await due(due_before=T0 + timedelta(minutes=30)) == [numbers["soon"], numbers["soon_closed"]]
    assert await due(due_before=T0 + timedelta(hours=1)) == [numbers["soon"], numbers["later"], numbers["soon_closed"]]
    assert await due(due_before=T0 + timedelta(hours=1), open_only=True) == [numbers["soon"], numbers["later"]]
    assert await due(due_before=T0) == []


async def test_find_sees_saved_changes(ticket_store: TicketStore) -> None:
    numbers = await _seed(ticket_store)
    ticket = await ticket_store.get(numbers["ada_new"])
    await ticket_store.save(replace(ticket, status=Status.ASSIGNED, assignee=TOM))

    found = await ticket_store.find(TicketQuery(assignee_id="tech-2"))

    assert [t.number for t in found] == [numbers["ada_new"], numbers["bob_tom_pending"]]


# --- round trip --------------------------------------------------------------------------------


async def test_every_field_round_trips(ticket_harness: TicketStoreHarness) -> None:
    store = await ticket_harness.open()
    created = await store.create(make_full_ticket())
    later = Event(T0 + timedelta(days=1), ADA, "commented", Visibility.PUBLIC, "Still broken\nline two",
                  {"via": "chat", "empty": ""})
    saved = await store.save(replace(created, history=created.history + (later,), tags=("vpn",)))

    reopened = await ticket_harness.open()
    assert await reopened.get(created.number) == saved
    assert await reopened.find(TicketQuery()) == [saved]


async def test_optional_fields_left_empty_round_trip(ticket_store: TicketStore) -> None:
    created = await ticket_store.create(make_ticket())

    assert await ticket_store.get(created.number) == created == replace(make_ticket(), number=created.number, version=1)
