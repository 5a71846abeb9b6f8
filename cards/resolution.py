"""Cards for the requester's 1:1 chat about one ticket: the fix to confirm, and longer updates.
They show public history only; internal notes never reach the requester."""

from __future__ import annotations

from cards import text as words
from cards.elements import Element, card, execute, facts, labelled, plain, text_block
from cards.forms import field_input, form_submit, show_form
from cards.parts import assignee_text, status_text
from tickets.model import Event, Ticket, Visibility

CONFIRM_VERB = "ticket.confirm"
STILL_BROKEN_VERB = "ticket.still_broken"
REASON_MAX = 2000


def latest_resolution(ticket: Ticket) -> Event | None:
    """The newest public `resolved` event: what the requester is asked to confirm."""
    resolved = [e for e in ticket.history if e.kind == "resolved" and e.visibility is Visibility.PUBLIC]
    return resolved[-1] if resolved else None


def _header(ticket: Ticket) -> list[Element]:
    return [
        text_block(f"{ticket.reference} · {ticket.type.label}", weight="bolder", isSubtle=True),
        plain(ticket.summary, size="large", weight="bolder", spacing="none"),
    ]


def _resolver(ticket: Ticket, resolved: Event | None) -> str:
    if ticket.assignee is not None:
        return ticket.assignee.name
    return resolved.actor.name if resolved and resolved.actor else words.DESK_ACTOR


def resolution_card(ticket: Ticket) -> Element:
    """The resolution notes with "Yes, fixed" (closes) and "Still broken" (reopens, with a reason)."""
    resolved = latest_resolution(ticket)
    body: list[Element] = [
        text_block(words.RESOLVED_TITLE, weight="bolder", color="good"),
        *_header(ticket),
        plain(words.RESOLVED_BY.format(name=_resolver(ticket, resolved)), isSubtle=True),
        text_block(words.RESOLUTION_TITLE, weight="bolder", spacing="medium"),
        plain(resolved.text if resolved and resolved.text else words.RESOLUTION_MISSING, spacing="small"),
    ]
    if resolved and resolved.data.get("fix_category"):
        body.append(labelled(words.FACT_FIX, resolved.data["fix_category"]))
    body.append(text_block(words.RESOLVED_QUESTION, weight="bolder", spacing="medium"))
    data = {"ticket": ticket.reference}
    reason = field_input("still_broken_reason", "Input.Text", isMultiline=True, maxLength=REASON_MAX)
    actions = [
        execute(words.CONFIRM_FIXED, CONFIRM_VERB, data, style="positive", associatedInputs="none"),
        show_form(words.STILL_BROKEN, [reason], form_submit(words.STILL_BROKEN_SUBMIT, STILL_BROKEN_VERB, dict(data))),
    ]
    return card(body, actions)


def requester_ticket_card(ticket: Ticket, text: str, *, title: str = "", invite_reply: bool = False) -> Element:
    """A message to the requester that needs its ticket beside it (a technician's reply, the question
    a ticket waits on): `title` on top, `text` as typed, where the ticket stands, and with
    `invite_reply` how to answer. The caller passes public text only."""
    body: list[Element] = [text_block(title, weight="bolder")] if title else []
    body += [
        *_header(ticket),
        plain(text, spacing="medium"),
        facts([(words.FACT_STATUS, status_text(ticket)), (words.FACT_ASSIGNEE, assignee_text(ticket))]),
    ]
    if invite_reply:
        body.append(text_block(words.REPLY_HINT.format(reference=ticket.reference), isSubtle=True, size="small"))
    return card(body)
