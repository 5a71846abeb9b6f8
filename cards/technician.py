"""The ticket's card in the technicians' channel, with buttons derived from the ticket's state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cards import text
from cards.elements import Element, card, execute, facts, labelled, plain, shorten, text_block, when
from cards.forms import nested_card
from cards.parts import assignee_text, category_text, history_section, requester_text, status_text
from cards.sla import breach_badge, routed_by, sla_facts
from cards.work_forms import Technicians, assignable, button
from tickets.model import Status, Ticket
from tickets.sla import SlaState

REFRESH_VERB = "ticket.refresh"
REFRESH_USERS_MAX = 60  # Teams' limit for refresh.userIds
DESCRIPTION_LIMIT = 600
ERROR_TEXT_LIMIT = 300
HISTORY_SHOWN = 3
# Hosts cap a row of buttons (the JS renderer's default is 5, Teams shows 6) and long titles crowd it
# well before that: past ACTION_BAR_MAX the primary buttons stay in the card's row and the rest move
# under "More…", in rows of MORE_ROW_MAX.
ACTION_BAR_MAX = 4
MORE_ROW_MAX = 3

S = Status


def _open(t: Ticket) -> bool:
    return t.status.is_open


def _open_assigned(t: Ticket) -> bool:
    return t.status.is_open and t.assignee is not None


@dataclass(frozen=True)
class CardAction:
    verb: str
    shown: Callable[[Ticket], bool]
    style: str = "default"
    primary: bool = False  # stays in the card's own button row however many buttons there are


# One row per button, in display order. Adding a button is adding a row, its title in text.py and,
# when it asks for input, its form in work_forms.py.
CARD_ACTIONS: tuple[CardAction, ...] = (
    CardAction("ticket.claim", lambda t: _open(t) and t.assignee is None, "positive", primary=True),
    CardAction("ticket.start", lambda t: t.assignee is not None and t.status in (S.ASSIGNED, S.PENDING, S.REOPENED),
               primary=True),
    CardAction("ticket.resolve", lambda t: _open_assigned(t) and t.status is not S.NEW, "positive", primary=True),
    CardAction("ticket.reply", lambda t: t.status not in (S.CANCELLED, S.CLOSED), primary=True),
    CardAction("ticket.reopen", lambda t: t.status in (S.RESOLVED, S.CLOSED), primary=True),
    CardAction("ticket.assign", _open),
    CardAction("ticket.unassign", _open_assigned),
    CardAction("ticket.pend", _open_assigned),
    CardAction("ticket.priority", _open),
    CardAction("ticket.note", lambda t: t.status is not S.CANCELLED),
    CardAction("ticket.draft_article", lambda t: t.status in (S.RESOLVED, S.CLOSED)),
    CardAction("ticket.escalate", _open),
)
_BY_VERB = {a.verb: a for a in CARD_ACTIONS}


def available_actions(ticket: Ticket, *, technicians: Technicians | None = None) -> list[str]:
    """The verbs a technician may use on this ticket now, in display order. Given `technicians`,
    `ticket.assign` also needs someone to assign to besides the current assignee."""
    verbs = [a.verb for a in CARD_ACTIONS if a.shown(ticket)]
    if technicians is not None and not assignable(ticket, technicians):
        verbs = [v for v in verbs if v != "ticket.assign"]
    return verbs


def _buttons(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    verbs = available_actions(ticket, technicians=technicians)
    made = {v: button(v, ticket, technicians, queues, style=_BY_VERB[v].style) for v in verbs}
    if len(made) <= ACTION_BAR_MAX:
        return list(made.values())
    primary = [made[v] for v in verbs if _BY_VERB[v].primary]
    rest = [made[v] for v in verbs if not _BY_VERB[v].primary]
    rows = [{"type": "ActionSet", "actions": rest[i:i + MORE_ROW_MAX]} for i in range(0, len(rest), MORE_ROW_MAX)]
    return [*primary, {"type": "Action.ShowCard", "title": text.MORE_ACTIONS, "card": nested_card(rows, [])}]


def refresh_block(ticket: Ticket, technician_ids: list[str]) -> Element:
    """Technicians listed get the action view when they open the card; everyone else the read-only one."""
    return {
        "action": {"type": "Action.Execute", "verb": REFRESH_VERB, "data": {"ticket": ticket.reference}},
        "userIds": list(technician_ids[:REFRESH_USERS_MAX]),
    }


def technician_card(ticket: Ticket, *, actions: bool, technician_ids: list[str], technicians: Technicians = (),
                    queues: Sequence[str] = (), notice: str = "", sla: SlaState | None = None) -> Element:
    """`technicians` are (AAD id, name) pairs for the assign picker, `queues` the escalation targets;
    `notice` tops the card in red, e.g. why the last action was refused."""
    details = [
        (text.FACT_REQUESTER, requester_text(ticket)),
        (text.FACT_CATEGORY, category_text(ticket)),
        (text.FACT_PRIORITY, ticket.priority.value),
        (text.FACT_STATUS, status_text(ticket)),
        (text.FACT_ASSIGNEE, assignee_text(ticket)),
        (text.FACT_QUEUE, text.TIER_QUEUE.format(tier=ticket.tier, queue=ticket.queue)),
        (text.FACT_CREATED, when(ticket.created_at)),
        *(sla_facts(sla) if sla else []),
    ]
    if routed_by(ticket):
        details.append((text.FACT_ROUTED_BY, routed_by(ticket)))
    extra = [
        (text.FACT_DEVICE, ticket.device),
        (text.FACT_OS, ticket.operating_system),
        (text.FACT_ERROR, shorten(ticket.error_text, ERROR_TEXT_LIMIT)),
    ]
    body: list[Element] = [plain(notice, color="attention", weight="bolder")] if notice else []
    badge = breach_badge(sla)
    if badge:
        body.append(badge)
    body += [
        text_block(f"{ticket.reference} · {ticket.type.label}", weight="bolder", isSubtle=True),
        plain(ticket.summary, size="large", weight="bolder", spacing="none"),
        facts(details),
        text_block(text.DESCRIPTION_TITLE, weight="bolder", spacing="medium"),
        plain(shorten(ticket.description, DESCRIPTION_LIMIT), spacing="small"),
    ]
    body.extend(labelled(label, value) for label, value in extra if value)
    body.extend(history_section(ticket.history[-HISTORY_SHOWN:], mark_internal=True))
    # The shared card carries one button that asks for the caller's own view: Teams refreshes it by
    # itself only for the first 60 technicians, and some clients never do.
    buttons = _buttons(ticket, technicians, queues) if actions else [
        execute(text.ACTION_TITLES[REFRESH_VERB], REFRESH_VERB, {"ticket": ticket.reference})]
    return card(body, buttons, refresh_block(ticket, technician_ids))
