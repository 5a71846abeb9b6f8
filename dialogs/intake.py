"""The intake conversation: show the form, check what comes back, open the ticket.

The form card carries its own `intake_id` and every value the user typed, so a submission is
complete by itself: after a restart, or from an older copy of the form, nothing is lost, and the
intake id makes a repeated submission return the ticket it already opened.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from bot.attachments import card_activity
from bot.messages import FORM_STILL_OPEN
from cards.intake import intake_confirmation, intake_form
from tickets.durations import describe
from tickets.intake import SUMMARY_MAX, FormErrors, validate_intake
from tickets.model import Person, Ticket
from tickets.service import DeskService

DIALOG_ID = "intake"
SHOWN = "shown"
_GREETINGS = {"hi", "hello", "hey", "help", "yo", "morning", "hiya", "thanks", "ok", "new", "start"}


@dataclass(frozen=True)
class SubmitOutcome:
    card: dict
    ticket: Ticket | None  # None: the form came back with errors


def prefill(text: str, service: DeskService) -> dict[str, str]:
    """The user's opening sentence as the summary, and the category its words suggest."""
    sentence = " ".join((text or "").split())
    words = re.findall(r"[a-z']+", sentence.lower())
    if not words or set(words) <= _GREETINGS:
        return {}
    values = {"summary": sentence[:SUMMARY_MAX], "type": "incident"}
    if len(sentence) > SUMMARY_MAX:
        values["description"] = sentence
    category = service.config.taxonomy.suggest(sentence)
    if category is not None:
        values["category"] = category.name
    return values


async def submit_intake(service: DeskService, requester: Person, data: dict) -> SubmitOutcome:
    """Check a submitted form; open the ticket when it is valid (idempotent on the intake id)."""
    intake_id = str(data.get("intake_id") or "")[:64] or uuid.uuid4().hex
    checked = validate_intake(data, service.config.taxonomy)
    if isinstance(checked, FormErrors):
        return SubmitOutcome(intake_form(service.config.taxonomy, checked.values, checked.errors, intake_id), None)
    ticket = await service.open_ticket(requester, checked, idempotency_key=f"intake:{requester.id}:{intake_id}")
    target = describe(service.config.targets[ticket.priority].response)
    return SubmitOutcome(intake_confirmation(ticket, target), ticket)


class IntakeDialog(Dialog):
    """Tracks the one form a user has open, so `cancel` can put it away and chat text is answered."""

    def __init__(self, service: DeskService) -> None:
        super().__init__(DIALOG_ID)
        self._service = service

    async def begin_dialog(self, dialog_context: DialogContext, options: object = None) -> DialogTurnResult:
        """Options: the form's values; or {"shown": intake id} when the caller already showed the form
        (as the answer to a card action) and only the tracking starts here."""
        options = dict(options) if isinstance(options, dict) else {}
        intake_id = options.pop(SHOWN, None)
        if intake_id is None:
            intake_id = uuid.uuid4().hex
            card = intake_form(self._service.config.taxonomy, options, {}, intake_id)
            await dialog_context.context.send_activity(card_activity(card))
        dialog_context.active_dialog.state.update({"intake_id": intake_id})
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        await dialog_context.context.send_activity(FORM_STILL_OPEN)
        return Dialog.end_of_turn


def open_intake_id(dialog_context: DialogContext) -> str | None:
    active = dialog_context.active_dialog
    return active.state.get("intake_id") if active and active.id == DIALOG_ID else None


def is_form_post(turn_context: TurnContext) -> bool:
    """An Action.Submit fallback: a message whose value is the form."""
    value = turn_context.activity.value
    return isinstance(value, dict) and "intake_id" in value
