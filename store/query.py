"""`TicketQuery` applied in memory, for stores that cannot filter on their own (or not on everything)."""

from __future__ import annotations

from collections.abc import Iterable

from tickets.model import Ticket
from tickets.ports import TicketQuery


def matches(ticket: Ticket, query: TicketQuery) -> bool:
    """True when `ticket` passes every filter set in `query`."""
    if query.requester_id is not None and ticket.requester.id != query.requester_id:
        return False
    if query.assignee_id is not None and (ticket.assignee is None or ticket.assignee.id != query.assignee_id):
        return False
    if query.queue is not None and ticket.queue != query.queue:
        return False
    if query.open_only and not ticket.status.is_open:
        return False
    if query.unassigned_only and ticket.assignee is not None:
        return False
    if query.due_before is not None and (ticket.sla_next_at is None or ticket.sla_next_at > query.due_before):
        return False
    return query.statuses is None or ticket.status in query.statuses


def select(tickets: Iterable[Ticket], query: TicketQuery) -> list[Ticket]:
    """The matching tickets, oldest (lowest number) first, cut to `query.limit`."""
    found = sorted((t for t in tickets if matches(t, query)), key=lambda t: t.number)
    return found if query.limit is None else found[: max(query.limit, 0)]

