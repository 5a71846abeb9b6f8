"""Universal Actions (Action.Execute): a typed payload, checked, dispatched through one table.

Nothing in the card's data is trusted: the verb must be known, the ticket is loaded from the store,
and the service judges whether this actor may do this to the ticket in its current state.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from botbuilder.core import TurnContext

from bot import messages
from bot.context import DeskEdge
from bot.identity import person_from_activity
from cards.intake import intake_cancelled
from cards.messages import message_card
from cards.technician import technician_card
from dialogs.intake import open_intake_id, submit_intake
from tickets.errors import DeskError, NotAllowed

log = logging.getLogger(__name__)

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


@dataclass(frozen=True)
class CardActionRequest:
    verb: str
    data: dict
    ticket: str  # the reference the card names; "" for intake verbs


def parse_card_action(value: object) -> CardActionRequest | None:
    """The invoke's `value`, or None when it is not a well-formed Action.Execute."""
    if not isinstance(value, dict) or not isinstance(value.get("action"), dict):
        return None
    action = value["action"]
    verb, data = action.get("verb"), action.get("data") or {}
    if action.get("type") != "Action.Execute" or not isinstance(verb, str) or not isinstance(data, dict):
        return None
    ticket = data.get("ticket", "")
    return CardActionRequest(verb, data, ticket if isinstance(ticket, str) else "")


def card_answer(card: dict) -> dict:
    return {"statusCode": 200, "type": CARD, "value": card}


def message_answer(text: str) -> dict:
    return {"statusCode": 200, "type": MESSAGE, "value": text}


Handler = Callable[[TurnContext, CardActionRequest], Awaitable[dict]]


class CardActions:
    def __init__(self, edge: DeskEdge) -> None:
        self._edge = edge
        self._table: dict[str, Handler] = {
            "intake.submit": self._intake_submit,
            "intake.cancel": self._intake_cancel,
            "ticket.refresh": self._refresh,
            "ticket.claim": self._claim,
        }

    async def answer(self, turn_context: TurnContext) -> dict:
        request = parse_card_action(turn_context.activity.value)
        if request is None:
            return {"statusCode": 400, "type": "application/vnd.microsoft.error",
                    "value": {"code": "BadRequest", "message": "That is not a card action I understand."}}
        handler = self._table.get(request.verb)
        if handler is None:
            return message_answer("That button is not one I know. Try the latest card.")
        try:
            return await handler(turn_context, request)
        except DeskError as refusal:
            return await self._refusal(turn_context, request, refusal)

    async def _refusal(self, turn_context: TurnContext, request: CardActionRequest, refusal: DeskError) -> dict:
        """The user's card comes back fresh where there is one, so they see why and what is true now."""
        if request.ticket and not isinstance(refusal, NotAllowed):
            try:
                return card_answer(await self._ticket_card(turn_context, request.ticket, notice=refusal.message))
            except DeskError:
                pass
        return message_answer(refusal.message)

    async def _ticket_card(self, turn_context: TurnContext, reference: str, notice: str = "") -> dict:
        actor = await self._edge.actor(turn_context)
        ticket = await self._edge.service.find_by_reference(reference, actor)
        members = [m.user_id for m in await self._edge.roster.members()]
        card = technician_card(ticket, actions=actor.is_technician, technician_ids=members)
        if notice:
            card["body"].insert(0, message_card(notice, tone="attention")["body"][0])
        return card

    async def _refresh(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        return card_answer(await self._ticket_card(turn_context, request.ticket))

    async def _claim(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        actor = await self._edge.actor(turn_context)
        if not actor.is_technician:
            raise NotAllowed(messages.NOT_A_TECHNICIAN)
        await self._edge.service.claim(request.ticket, actor)
        return card_answer(await self._ticket_card(turn_context, request.ticket))

    async def _intake_submit(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        requester = person_from_activity(turn_context.activity)
        outcome = await submit_intake(self._edge.service, requester, request.data)
        if outcome.ticket is not None:
            await self._close_form(turn_context, request)
        return card_answer(outcome.card)

    async def _intake_cancel(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        await self._close_form(turn_context, request)
        return card_answer(intake_cancelled())

    async def _close_form(self, turn_context: TurnContext, request: CardActionRequest) -> None:
        dialog_context = await self._edge.dialog_context(turn_context)
        if open_intake_id(dialog_context) == request.data.get("intake_id"):
            await dialog_context.cancel_all_dialogs()
