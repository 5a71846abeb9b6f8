"""The button for each verb on the technicians' card: a plain Action.Execute, or a ShowCard form
whose submit sends the verb with the form's inputs. Verbs and input ids are what the bot parses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cards import text
from cards.elements import Element, execute, text_block
from cards.forms import choices, field_input, form_submit, show_form
from tickets.model import PendingOn, Priority, Ticket

MESSAGE_MAX = 4000  # replies and notes; a Teams message tops out near 28 KB
REASON_MAX = 500

Technicians = Sequence[tuple[str, str]]  # (AAD object id, display name)


def assignable(ticket: Ticket, technicians: Technicians) -> list[tuple[str, str]]:
    """Technicians the ticket can go to: everyone but its current assignee."""
    current = ticket.assignee.id if ticket.assignee else None
    return [(aad_id, name) for aad_id, name in technicians if aad_id != current]


def _text(field: str, *, multiline: bool = False, limit: int = REASON_MAX) -> Element:
    return field_input(field, "Input.Text", isMultiline=multiline, maxLength=limit)


def _assign(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [field_input("assignee", "Input.ChoiceSet", choices=choices(assignable(ticket, technicians)))]


def _pend(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [
        field_input("pending_on", "Input.ChoiceSet", style="expanded", value=PendingOn.REQUESTER.value,
                    choices=choices((on.value, text.PENDING_CHOICES[on]) for on in PendingOn)),
        _text("pending_note", multiline=True, limit=MESSAGE_MAX),
    ]


def _priority(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [
        field_input("priority", "Input.ChoiceSet",
                    choices=choices((p.value, p.value) for p in Priority if p is not ticket.priority)),
        _text("priority_reason"),
    ]


def _note(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [_text("note_text", multiline=True, limit=MESSAGE_MAX)]


def _reply(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [_text("reply_text", multiline=True, limit=MESSAGE_MAX)]


def _escalate(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    """Left unpicked, `escalate_queue` is sent as "" (next tier, same queue; its placeholder says so).
    That is not a choice of its own: the JS renderer Teams uses rejects a choice whose value is ""."""
    others = [(q, text.QUEUE_CHOICE.format(queue=q)) for q in dict.fromkeys(queues) if q and q != ticket.queue]
    inputs = [_text("escalate_reason")]
    if others:
        inputs.append(field_input("escalate_queue", "Input.ChoiceSet", choices=choices(others)))
    else:
        inputs.append(text_block(text.SAME_QUEUE_NEXT_TIER, isSubtle=True, size="small"))
    return inputs


def _resolve(ticket: Ticket, technicians: Technicians, queues: Sequence[str]) -> list[Element]:
    return [
        _text("resolution", multiline=True, limit=MESSAGE_MAX),
        field_input("fix_category", "Input.ChoiceSet", choices=choices((c, c) for c in text.FIX_CATEGORIES)),
    ]


FormBuilder = Callable[[Ticket, Technicians, Sequence[str]], list[Element]]
FORMS: dict[str, FormBuilder] = {
    "ticket.assign": _assign,
    "ticket.pend": _pend,
    "ticket.priority": _priority,
    "ticket.note": _note,
    "ticket.reply": _reply,
    "ticket.escalate": _escalate,
    "ticket.resolve": _resolve,
}


def button(verb: str, ticket: Ticket, technicians: Technicians, queues: Sequence[str], *,
           style: str = "default") -> Element:
    """The card button for `verb`; every Action.Execute it holds carries {"ticket": reference}."""
    data = {"ticket": ticket.reference}
    title = text.ACTION_TITLES[verb]
    if verb not in FORMS:
        return execute(title, verb, data, style=style)
    submit = form_submit(text.SUBMIT_TITLES[verb], verb, data, style=style)
    return show_form(title, FORMS[verb](ticket, technicians, queues), submit, style=style)
