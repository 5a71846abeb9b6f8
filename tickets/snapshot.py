"""A ticket as it stood at a past moment, replayed from its history (for reports on past periods)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tickets.model import PendingOn, Person, Priority, Status, Ticket
from tickets.sla import EVENT_STATUS


def as_of(ticket: Ticket, at: datetime) -> Ticket | None:
    """The ticket with only the events up to and including `at`, and the status, assignee,
    priority and response/resolution times they imply; None if it was created after `at`.
    The queue and tier stay as they are now (the history does not record where a ticket came from)."""
    if ticket.created_at > at:
        return None
    if all(e.at <= at for e in ticket.history):
        return ticket
    events = tuple(e for e in ticket.history if e.at <= at)
    status, pending_on = Status.NEW, None
    assignee: Person | None = None
    resolved_at = closed_at = None
    for event in events:
        status = EVENT_STATUS.get(event.kind, status)
        if event.kind == "pending":
            pending_on = PendingOn.VENDOR if event.data.get("on") == PendingOn.VENDOR.value else PendingOn.REQUESTER
        elif event.kind in EVENT_STATUS:
            pending_on = None
        if event.kind == "claimed":
            assignee = event.actor
        elif event.kind == "assigned":
            wanted = event.data.get("assignee", "")
            assignee = ticket.assignee if ticket.assignee and ticket.assignee.id == wanted else Person(wanted, wanted)
        elif event.kind in ("unassigned", "escalated"):
            assignee = None
        elif event.kind == "resolved":
            resolved_at = event.at
        elif event.kind == "reopened":
            resolved_at = closed_at = None
        elif event.kind in ("confirmed", "closed", "cancelled"):
            closed_at = event.at
    later_change = next((e for e in ticket.history if e.at > at and e.kind == "priority_changed"), None)
    priority = ticket.priority
    if later_change is not None and later_change.data.get("from") in {p.value for p in Priority}:
        priority = Priority(later_change.data["from"])
    responded = ticket.first_response_at if ticket.first_response_at and ticket.first_response_at <= at else None
    return replace(ticket, history=events, status=status, pending_on=pending_on, assignee=assignee,
                   priority=priority, first_response_at=responded, resolved_at=resolved_at, closed_at=closed_at,
                   updated_at=events[-1].at if events else ticket.created_at)
