"""Where a ticket stands (for its requester or for technicians), and compact ticket lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cards import text
from cards.elements import Element, card, facts, heading, plain, text_block, when
from cards.parts import assignee_text, history_section, response_due_text, status_text
from tickets.durations import describe
from tickets.model import Ticket

LIST_MAX = 25  # a card has a size limit (about 28 KB in Teams); long lists say how many were left out


def status_card(ticket: Ticket, *, for_requester: bool) -> Element:
    """The requester sees only public history; internal notes stay with the technicians."""
    events = ticket.public_history if for_requester else ticket.history
    body: list[Element] = [
        text_block(f"{ticket.reference} · {ticket.type.label}", weight="bolder", isSubtle=True),
        plain(ticket.summary, size="large", weight="bolder", spacing="none"),
        facts([
            (text.FACT_STATUS, status_text(ticket)),
            (text.FACT_PRIORITY, ticket.priority.value),
            (text.FACT_ASSIGNEE, assignee_text(ticket)),
            (text.FACT_CREATED, when(ticket.created_at)),
            (text.FACT_RESPONSE_DUE, response_due_text(ticket)),
        ]),
        *history_section(events, mark_internal=not for_requester),
    ]
    return card(body)


def _age(created: datetime, now: datetime) -> str:
    """Largest whole unit, rounded down, at least a minute: `3 hours`, `2 days`."""
    seconds = max(60, int((_aware(now) - _aware(created)).total_seconds()))
    size = next(size for size in (86400, 3600, 60) if seconds >= size)
    return describe(timedelta(seconds=seconds - seconds % size))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _row(ticket: Ticket, now: datetime | None) -> Element:
    age = text.LIST_AGE.format(age=_age(ticket.created_at, now)) if now else text.LIST_CREATED.format(
        when=when(ticket.created_at))
    return {
        "type": "Container",
        "separator": True,
        "spacing": "medium",
        "items": [
            {
                "type": "ColumnSet",
                "columns": [
                    {"type": "Column", "width": "auto",
                     "items": [text_block(ticket.reference, weight="bolder")]},
                    {"type": "Column", "width": "stretch",
                     "items": [text_block(f"{status_text(ticket)} · {ticket.priority.value}",
                                          horizontalAlignment="right", isSubtle=True)]},
                ],
            },
            plain(ticket.summary, spacing="none"),
            text_block(f"{assignee_text(ticket)} · {age}", isSubtle=True, size="small", spacing="none"),
        ],
    }


def ticket_list_card(title: str, tickets: list[Ticket], empty_text: str, *, now: datetime | None = None) -> Element:
    """One row per ticket; with `now` the age reads `opened 3 hours ago`, else the created date."""
    body: list[Element] = [heading(title)]
    if not tickets:
        body.append(text_block(empty_text, isSubtle=True))
    body.extend(_row(t, now) for t in tickets[:LIST_MAX])
    if len(tickets) > LIST_MAX:
        body.append(text_block(text.LIST_MORE.format(count=len(tickets) - LIST_MAX), isSubtle=True))
    return card(body)
