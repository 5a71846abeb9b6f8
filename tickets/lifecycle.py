"""Status flow: each function takes a ticket and the time and returns the changed ticket.

Illegal moves raise `IllegalTransition` and change nothing (tickets are immutable).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tickets.errors import AlreadyClaimed, IllegalTransition
from tickets.model import Event, PendingOn, Person, Priority, Status, Ticket, Visibility

S = Status
ALLOWED: dict[Status, frozenset[Status]] = {
    S.NEW: frozenset({S.ASSIGNED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.NEW, S.IN_PROGRESS, S.PENDING, S.RESOLVED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.NEW, S.IN_PROGRESS, S.PENDING, S.RESOLVED}),
    S.PENDING: frozenset({S.ASSIGNED, S.NEW, S.IN_PROGRESS, S.PENDING, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.NEW, S.IN_PROGRESS, S.PENDING, S.RESOLVED}),
    S.CANCELLED: frozenset(),
}

_VERBS = {
    S.NEW: "put back in the queue",
    S.ASSIGNED: "assigned",
    S.IN_PROGRESS: "set in progress",
    S.PENDING: "set pending",
    S.RESOLVED: "resolved",
    S.CLOSED: "closed",
    S.REOPENED: "reopened",
    S.CANCELLED: "cancelled",
}


def can_move(ticket: Ticket, target: Status) -> bool:
    return target in ALLOWED[ticket.status]


def _require(ticket: Ticket, target: Status) -> None:
    if not can_move(ticket, target):
        raise IllegalTransition(
            f"{ticket.reference} is {ticket.status.value}; it can't be {_VERBS[target]} now."
        )


def record(ticket: Ticket, event: Event, **changes: object) -> Ticket:
    """Append `event` and apply `changes`; the single way a ticket changes."""
    return replace(ticket, history=ticket.history + (event,), updated_at=event.at, **changes)


def _first_response(ticket: Ticket, at: datetime) -> datetime:
    return ticket.first_response_at or at


def claim(ticket: Ticket, technician: Person, at: datetime) -> Ticket:
    if ticket.assignee is not None and ticket.status.is_open and ticket.status is not S.NEW:
        if ticket.assignee.id == technician.id:
            raise IllegalTransition(f"You already have {ticket.reference}.")
        raise AlreadyClaimed(ticket.reference, ticket.assignee.name)
    _require(ticket, S.ASSIGNED)
    event = Event(at, technician, "claimed", Visibility.PUBLIC, f"{technician.name} picked this up.")
    return record(
        ticket, event, status=S.ASSIGNED, assignee=technician,
        first_response_at=_first_response(ticket, at), pending_on=None,
    )


def assign(ticket: Ticket, technician: Person, by: Person, at: datetime) -> Ticket:
    _require(ticket, S.ASSIGNED)
    if ticket.assignee is not None and ticket.assignee.id == technician.id:
        raise IllegalTransition(f"{ticket.reference} is already assigned to {technician.name}.")
    event = Event(at, by, "assigned", Visibility.PUBLIC, f"Assigned to {technician.name}.",
                  {"assignee": technician.id})
    return record(
        ticket, event, status=S.ASSIGNED, assignee=technician,
        first_response_at=_first_response(ticket, at), pending_on=None,
    )


def unassign(ticket: Ticket, by: Person, at: datetime) -> Ticket:
    if ticket.assignee is None:
        raise IllegalTransition(f"{ticket.reference} is not assigned to anyone.")
    _require(ticket, S.NEW)
    event = Event(at, by, "unassigned", Visibility.INTERNAL,
                  f"{ticket.assignee.name} was unassigned; back in the queue.")
    return record(ticket, event, status=S.NEW, assignee=None, pending_on=None)


def start_work(ticket: Ticket, by: Person, at: datetime) -> Ticket:
    if ticket.status is S.IN_PROGRESS:
        raise IllegalTransition(f"{ticket.reference} is already in progress.")
    _require(ticket, S.IN_PROGRESS)
    if ticket.assignee is None:
        raise IllegalTransition(f"{ticket.reference} needs an assignee before work starts.")
    event = Event(at, by, "in_progress", Visibility.PUBLIC, "Work is in progress.")
    return record(ticket, event, status=S.IN_PROGRESS, pending_on=None)


def pend(ticket: Ticket, on: PendingOn, note: str, by: Person, at: datetime) -> Ticket:
    _require(ticket, S.PENDING)
    if ticket.assignee is None:
        raise IllegalTransition(f"{ticket.reference} needs an assignee before it can wait.")
    if ticket.status is S.PENDING and ticket.pending_on is on:
        raise IllegalTransition(f"{ticket.reference} is already pending on the {on.value}.")
    visibility = Visibility.PUBLIC if on is PendingOn.REQUESTER else Visibility.INTERNAL
    event = Event(at, by, "pending", visibility, note, {"on": on.value})
    return record(ticket, event, status=S.PENDING, pending_on=on)


def resume(ticket: Ticket, by: Person | None, at: datetime, why: str) -> Ticket:
    """A pending ticket goes back to work (the requester answered, the vendor came back)."""
    if ticket.status is not S.PENDING:
        raise IllegalTransition(f"{ticket.reference} is not pending.")
    event = Event(at, by, "in_progress", Visibility.PUBLIC, why)
    return record(ticket, event, status=S.IN_PROGRESS, pending_on=None)


def resolve(ticket: Ticket, notes: str, by: Person, at: datetime, fix_category: str = "") -> Ticket:
    if not notes.strip():
        raise IllegalTransition("Resolution notes are required to resolve a ticket.")
    _require(ticket, S.RESOLVED)
    if ticket.assignee is None:
        raise IllegalTransition(f"{ticket.reference} needs an assignee before it can be resolved.")
    data = {"fix_category": fix_category} if fix_category else {}
    event = Event(at, by, "resolved", Visibility.PUBLIC, notes.strip(), data)
    return record(ticket, event, status=S.RESOLVED, resolved_at=at, pending_on=None,
                  first_response_at=_first_response(ticket, at))


def confirm(ticket: Ticket, by: Person, at: datetime) -> Ticket:
    if ticket.status is not S.RESOLVED:
        raise IllegalTransition(f"{ticket.reference} is {ticket.status.value}; only a resolved ticket can be confirmed.")
    event = Event(at, by, "confirmed", Visibility.PUBLIC, "The requester confirmed the fix.")
    return record(ticket, event, status=S.CLOSED, closed_at=at)


def close(ticket: Ticket, at: datetime, why: str) -> Ticket:
    """Closed by the desk itself (auto-close after the waiting period)."""
    _require(ticket, S.CLOSED)
    event = Event(at, None, "closed", Visibility.PUBLIC, why)
    return record(ticket, event, status=S.CLOSED, closed_at=at, pending_on=None)


def reopen(ticket: Ticket, reason: str, by: Person, at: datetime) -> Ticket:
    _require(ticket, S.REOPENED)
    event = Event(at, by, "reopened", Visibility.PUBLIC, reason.strip() or "Reopened.")
    return record(ticket, event, status=S.REOPENED, resolved_at=None, closed_at=None)


def cancel(ticket: Ticket, by: Person, at: datetime, reason: str = "") -> Ticket:
    if ticket.status not in (S.NEW, S.ASSIGNED):
        raise IllegalTransition(
            f"{ticket.reference} is {ticket.status.value}; only a ticket nobody has started on can be cancelled."
        )
    event = Event(at, by, "cancelled", Visibility.PUBLIC, reason.strip() or "Withdrawn by the requester.")
    return record(ticket, event, status=S.CANCELLED, closed_at=at)


def change_priority(ticket: Ticket, priority: Priority, reason: str, by: Person, at: datetime) -> Ticket:
    if not ticket.status.is_open:
        raise IllegalTransition(f"{ticket.reference} is {ticket.status.value}; its priority can't change.")
    if priority is ticket.priority:
        raise IllegalTransition(f"{ticket.reference} is already {priority.value}.")
    if not reason.strip():
        raise IllegalTransition("Say why the priority changes.")
    event = Event(at, by, "priority_changed", Visibility.INTERNAL,
                  f"Priority {ticket.priority.value} -> {priority.value}: {reason.strip()}",
                  {"from": ticket.priority.value, "to": priority.value})
    return record(ticket, event, priority=priority)


def escalate(ticket: Ticket, reason: str, by: Person, at: datetime, queue: str | None = None) -> Ticket:
    if not ticket.status.is_open:
        raise IllegalTransition(f"{ticket.reference} is {ticket.status.value}; it can't be escalated.")
    if not reason.strip():
        raise IllegalTransition("Say why the ticket is escalated.")
    target_queue = queue or ticket.queue
    tier = ticket.tier + 1 if queue is None or queue == ticket.queue else ticket.tier
    where = f"queue {target_queue}" if target_queue != ticket.queue else f"tier {tier}"
    event = Event(at, by, "escalated", Visibility.PUBLIC, f"Escalated to {where}: {reason.strip()}",
                  {"queue": target_queue, "tier": str(tier)})
    return record(ticket, event, queue=target_queue, tier=tier, status=S.NEW, assignee=None, pending_on=None)


def comment(ticket: Ticket, text: str, by: Person, at: datetime, visibility: Visibility,
            kind: str = "note") -> Ticket:
    if not text.strip():
        raise IllegalTransition("The message is empty.")
    if ticket.status is S.CANCELLED:
        raise IllegalTransition(f"{ticket.reference} was cancelled; open a new ticket instead.")
    first = _first_response(ticket, at) if kind == "reply" else ticket.first_response_at
    return record(ticket, Event(at, by, kind, visibility, text.strip()), first_response_at=first)
