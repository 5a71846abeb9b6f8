"""Pieces of a ticket that several cards show the same way."""

from __future__ import annotations

from collections.abc import Iterable

from cards import text
from cards.elements import Element, plain, shorten, text_block, when
from tickets.model import Event, Status, Ticket, Visibility

HISTORY_TEXT_MAX = 200


def status_text(ticket: Ticket) -> str:
    if ticket.status is Status.PENDING and ticket.pending_on is not None:
        return text.PENDING_ON[ticket.pending_on]
    return ticket.status.value


def assignee_text(ticket: Ticket) -> str:
    return ticket.assignee.name if ticket.assignee else text.UNASSIGNED


def requester_text(ticket: Ticket) -> str:
    person = ticket.requester
    return f"{person.name} ({person.department})" if person.department else person.name


def category_text(ticket: Ticket) -> str:
    return f"{ticket.category}{text.SUBCATEGORY_SEPARATOR}{ticket.subcategory}"


def response_due_text(ticket: Ticket) -> str:
    if ticket.first_response_at is not None:
        return text.RESPONDED.format(when=when(ticket.first_response_at))
    return when(ticket.response_due)


def history_line(event: Event, *, mark_internal: bool) -> Element:
    """`**Ana** · Claimed · <time>`, then the event's text as typed."""
    actor = event.actor.name if event.actor else text.DESK_ACTOR
    kind = text.event_kind(event.kind)
    if mark_internal and event.visibility is Visibility.INTERNAL:
        kind += text.INTERNAL_MARK
    items = [text_block(f"**{actor}** · {kind} · {when(event.at)}", size="small")]
    if event.text:
        items.append(plain(shorten(event.text, HISTORY_TEXT_MAX), spacing="none", size="small"))
    return {"type": "Container", "spacing": "small", "items": items}


def history_section(events: Iterable[Event], *, mark_internal: bool) -> list[Element]:
    lines = [history_line(e, mark_internal=mark_internal) for e in events]
    return [
        text_block(text.HISTORY_TITLE, weight="bolder", separator=True, spacing="medium"),
        *(lines or [text_block(text.HISTORY_EMPTY, isSubtle=True, spacing="small")]),
    ]
