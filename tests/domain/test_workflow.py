"""The technician workflow through the service: every action in every state, legal or refused."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from tests.domain.fakes import FakeClock, MemoryTicketStore, RecordingNotifier
from tests.domain.support import config, utc
from tickets.errors import DeskError, NotAllowed
from tickets.intake import IntakeDraft
from tickets.model import Actor, Level, PendingOn, Person, Priority, Status, ThreadRef, TicketType, Visibility
from tickets.service import DeskService

ALICE = Actor(Person("aad-alice", "Alice Employee", department="Sales"))
BOB = Actor(Person("aad-bob", "Bob Employee"))
TESS = Actor(Person("aad-tess", "Tess Technician"), is_technician=True)
TOM = Actor(Person("aad-tom", "Tom Technician"), is_technician=True)
DRAFT = IntakeDraft(TicketType.INCIDENT, "Hardware", "Monitor", "Screen flickers", "Since Monday.",
                    Level.LOW, Level.MEDIUM)

Action = Callable[[DeskService, str], Awaitable[object]]
ACTIONS: dict[str, Action] = {
    "claim": lambda s, r: s.claim(r, TESS),
    "assign": lambda s, r: s.assign(r, TOM.person, TESS),
    "unassign": lambda s, r: s.unassign(r, TESS),
    "start": lambda s, r: s.start_work(r, TESS),
    "pend_requester": lambda s, r: s.pend(r, PendingOn.REQUESTER, "Which monitor?", TESS),
    "pend_vendor": lambda s, r: s.pend(r, PendingOn.VENDOR, "Dell RMA 123", TESS),
    "priority": lambda s, r: s.change_priority(r, Priority.CRITICAL, "CEO's screen", TESS),
    "note": lambda s, r: s.add_note(r, "Probably the cable", TESS),
    "reply": lambda s, r: s.reply_to_requester(r, "Try another cable?", TESS),
    "escalate": lambda s, r: s.escalate(r, "Needs hardware team", TESS),
    "resolve": lambda s, r: s.resolve(r, "Replaced the cable", TESS),
    "reopen": lambda s, r: s.reopen(r, "Came back", TESS),
}
ALL = set(ACTIONS)
OPEN_WORK = {"assign", "unassign", "start", "pend_requester", "pend_vendor", "priority", "note", "reply",
             "escalate", "resolve"}

# state -> (how to get there from a new ticket, the technician actions that are legal there)
STATES: dict[str, tuple[list[Action], set[str]]] = {
    "new": ([], {"claim", "assign", "priority", "note", "reply", "escalate"}),
    "assigned": ([ACTIONS["claim"]], OPEN_WORK),
    "in_progress": ([ACTIONS["claim"], ACTIONS["start"]], OPEN_WORK - {"start"}),
    "pending_requester": ([ACTIONS["claim"], ACTIONS["pend_requester"]], OPEN_WORK - {"pend_requester"}),
    "pending_vendor": ([ACTIONS["claim"], ACTIONS["pend_vendor"]], OPEN_WORK - {"pend_vendor"}),
    "resolved": ([ACTIONS["claim"], ACTIONS["resolve"]], {"note", "reply", "reopen"}),
    "closed": ([ACTIONS["claim"], ACTIONS["resolve"], lambda s, r: s.confirm_fix(r, ALICE)],
               {"note", "reply", "reopen"}),
    "reopened": ([ACTIONS["claim"], ACTIONS["resolve"], lambda s, r: s.still_broken(r, "Still flickers", ALICE)],
                 OPEN_WORK),
    "cancelled": ([lambda s, r: s.cancel(r, ALICE)], set()),
}


def make_service() -> tuple[DeskService, MemoryTicketStore, RecordingNotifier]:
    store, notifier = MemoryTicketStore(), RecordingNotifier()
    return DeskService(store, notifier, FakeClock(utc(2026, 11, 2, 9, 0)), config()), store, notifier


async def ticket_in(state: str) -> tuple[DeskService, MemoryTicketStore, str]:
    service, store, _ = make_service()
    ticket = await service.open_ticket(ALICE.person, DRAFT)
    for step in STATES[state][0]:
        await step(service, ticket.reference)
    return service, store, ticket.reference


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("action", sorted(ALL))
async def test_every_action_in_every_state(state: str, action: str) -> None:
    service, store, reference = await ticket_in(state)
    before = store.tickets[1]
    if action in STATES[state][1]:
        await ACTIONS[action](service, reference)
        after = store.tickets[1]
        assert after.version == before.version + 1
        assert len(after.history) == len(before.history) + 1
    else:
        with pytest.raises(DeskError) as refused:
            await ACTIONS[action](service, reference)
        assert refused.value.message  # a sentence the user can read
        assert store.tickets[1] == before, "a refused action must change nothing"


@pytest.mark.parametrize("action", sorted(ALL))
async def test_an_employee_can_do_no_technician_action(action: str) -> None:
    service, store, reference = await ticket_in("assigned")
    before = store.tickets[1]

    async def as_employee(s: DeskService, r: str) -> None:
        replaced = {TESS: ALICE}
        call = ACTIONS[action]
        # run the same action with the requester in the technician's place
        await call(_Impersonating(s, replaced), r)

    with pytest.raises(NotAllowed):
        await as_employee(service, reference)
    assert store.tickets[1] == before


class _Impersonating:
    """The service with every actor argument swapped, to run the action table as someone else."""

    def __init__(self, service: DeskService, swaps: dict[Actor, Actor]) -> None:
        self._service, self._swaps = service, swaps

    def __getattr__(self, name: str) -> Callable[..., Awaitable[object]]:
        method = getattr(self._service, name)
        return lambda *args: method(*[self._swaps.get(a, a) if isinstance(a, Actor) else a for a in args])


async def test_refusals_of_non_technicians_are_on_the_internal_record() -> None:
    service, store, reference = await ticket_in("new")
    await service.record_refusal(reference, BOB, "claim the ticket")
    event = store.tickets[1].history[-1]
    assert event.kind == "refused" and event.visibility is Visibility.INTERNAL
    assert "Bob Employee" in event.text


async def test_the_requester_answers_a_pending_question_and_work_resumes() -> None:
    service, store, reference = await ticket_in("pending_requester")
    assert [t.reference for t in await service.waiting_on(ALICE)] == [reference]
    await service.requester_reply(reference, "The Dell one on the left", ALICE)
    ticket = store.tickets[1]
    assert ticket.status is Status.IN_PROGRESS and ticket.pending_on is None
    assert [e.kind for e in ticket.history[-2:]] == ["requester_reply", "in_progress"]
    assert await service.waiting_on(ALICE) == []


async def test_only_the_requester_confirms_or_reopens_their_ticket() -> None:
    service, store, reference = await ticket_in("resolved")
    with pytest.raises(DeskError):  # another employee cannot even see it
        await service.confirm_fix(reference, BOB)
    with pytest.raises(DeskError):
        await service.still_broken(reference, "no", BOB)
    with pytest.raises(DeskError):
        await service.still_broken(reference, "   ", ALICE)
    assert store.tickets[1].status is Status.RESOLVED


async def test_concurrent_changes_lose_nothing() -> None:
    service, store, reference = await ticket_in("assigned")
    await asyncio.gather(
        service.add_note(reference, "note one", TESS),
        service.add_note(reference, "note two", TOM),
        service.reply_to_requester(reference, "on it", TESS),
        service.change_priority(reference, Priority.HIGH, "VIP", TOM),
    )
    texts = [e.text for e in store.tickets[1].history]
    assert "note one" in texts and "note two" in texts and "on it" in texts
    assert store.tickets[1].priority is Priority.HIGH


async def test_two_resolves_at_once_one_wins_the_other_is_told() -> None:
    service, store, reference = await ticket_in("in_progress")
    results = await asyncio.gather(
        service.resolve(reference, "fixed by Tess", TESS),
        service.resolve(reference, "fixed by Tom", TOM),
        return_exceptions=True,
    )
    assert sum(isinstance(r, DeskError) for r in results) == 1
    assert [e.kind for e in store.tickets[1].history].count("resolved") == 1


async def test_queue_filters_and_mine() -> None:
    service, store, _ = make_service()
    first = await service.open_ticket(ALICE.person, DRAFT)
    urgent = await service.open_ticket(BOB.person, IntakeDraft(
        TicketType.INCIDENT, "Security", "Phishing", "Phish", "Clicked a link", Level.HIGH, Level.HIGH))
    await service.claim(first.reference, TESS)
    assert [t.reference for t in await service.queue(TESS)] == [urgent.reference]
    high = await service.queue(TESS, unassigned_only=False, priorities=frozenset({Priority.CRITICAL}))
    assert [t.reference for t in high] == [urgent.reference]
    assert [t.reference for t in await service.assigned_to(TESS)] == [first.reference]
    with pytest.raises(NotAllowed):
        await service.assigned_to(ALICE)


async def test_cards_that_never_reached_the_channel_are_posted_once() -> None:
    service, store, notifier = make_service()
    ticket = await service.open_ticket(ALICE.person, DRAFT)
    notifier.events.clear()
    assert store.tickets[1].channel_thread is None  # the recording notifier posts nothing
    assert await service.post_missing_cards() == 1
    assert [(ref, e.kind) for ref, e in notifier.events] == [(ticket.reference, "opened")]
    await service.record_channel_thread(1, ThreadRef("19:c;messageid=7", "7"))
    assert await service.post_missing_cards() == 0
