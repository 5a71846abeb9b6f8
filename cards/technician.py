"""The ticket's card in the technicians' channel, with buttons derived from the ticket's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cards import text
from cards.elements import Element, card, execute, facts, labelled, plain, shorten, text_block, when
from cards.parts import assignee_text, category_text, history_section, requester_text, status_text
from tickets.model import Ticket

REFRESH_VERB = "ticket.refresh"
REFRESH_USERS_MAX = 60  # Teams' limit for refresh.userIds
DESCRIPTION_LIMIT = 600
ERROR_TEXT_LIMIT = 300
HISTORY_SHOWN = 3


@dataclass(frozen=True)
class CardAction:
    verb: str
    shown: Callable[[Ticket], bool]
    style: str = "default"


# One row per button, in display order. Adding a button is adding a row (and its title in text.py).
CARD_ACTIONS: tuple[CardAction, ...] = (
    CardAction("ticket.claim", lambda t: t.status.is_open and t.assignee is None, "positive"),
)


def available_actions(ticket: Ticket) -> list[str]:
    """The verbs a technician may use on this ticket now."""
    return [a.verb for a in CARD_ACTIONS if a.shown(ticket)]


def _buttons(ticket: Ticket) -> list[Element]:
    style = {a.verb: a.style for a in CARD_ACTIONS}
    return [
        execute(text.ACTION_TITLES[verb], verb, {"ticket": ticket.reference}, style=style[verb])
        for verb in available_actions(ticket)
    ]


def refresh_block(ticket: Ticket, technician_ids: list[str]) -> Element:
    """Technicians listed get the action view when they open the card; everyone else the read-only one."""
    return {
        "action": {"type": "Action.Execute", "verb": REFRESH_VERB, "data": {"ticket": ticket.reference}},
        "userIds": list(technician_ids[:REFRESH_USERS_MAX]),
    }


def technician_card(ticket: Ticket, *, actions: bool, technician_ids: list[str]) -> Element:
    details = [
        (text.FACT_REQUESTER, requester_text(ticket)),
        (text.FACT_CATEGORY, category_text(ticket)),
        (text.FACT_PRIORITY, ticket.priority.value),
        (text.FACT_STATUS, status_text(ticket)),
        (text.FACT_ASSIGNEE, assignee_text(ticket)),
        (text.FACT_QUEUE, text.TIER_QUEUE.format(tier=ticket.tier, queue=ticket.queue)),
        (text.FACT_CREATED, when(ticket.created_at)),
    ]
    extra = [
        (text.FACT_DEVICE, ticket.device),
        (text.FACT_OS, ticket.operating_system),
        (text.FACT_ERROR, shorten(ticket.error_text, ERROR_TEXT_LIMIT)),
    ]
    body: list[Element] = [
        text_block(f"{ticket.reference} · {ticket.type.label}", weight="bolder", isSubtle=True),
        plain(ticket.summary, size="large", weight="bolder", spacing="none"),
        facts(details),
        text_block(text.DESCRIPTION_TITLE, weight="bolder", spacing="medium"),
        plain(shorten(ticket.description, DESCRIPTION_LIMIT), spacing="small"),
    ]
    body.extend(labelled(label, value) for label, value in extra if value)
    body.extend(history_section(ticket.history[-HISTORY_SHOWN:], mark_internal=True))
    return card(body, _buttons(ticket) if actions else None, refresh_block(ticket, technician_ids))
