"""Universal Actions (Action.Execute): a typed payload, checked, dispatched through one table.

Nothing in the card's data is trusted: the verb must be known, the ticket is loaded from the store,
and the service judges whether this actor may do this to the ticket in its current state.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from botbuilder.core import TurnContext

from bot import messages
from bot.attachments import card_activity
from bot.context import DeskEdge
from bot.identity import person_from_activity
from cards.intake import intake_cancelled, intake_form
from cards.kb import kb_draft_card
from cards.messages import message_card
from cards.status import status_card
from dialogs.intake import DIALOG_ID, SHOWN, open_intake_id, prefill, submit_intake
from tickets.errors import DeskError, IllegalTransition, NotAllowed
from tickets.model import Actor, PendingOn, Person, Priority, Ticket

log = logging.getLogger(__name__)

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


TECHNICIAN_VERBS: dict[str, str] = {  # verb -> what the user tried, for the record of a refusal
    "ticket.claim": "claim the ticket", "ticket.assign": "assign the ticket",
    "ticket.unassign": "unassign the ticket", "ticket.start": "start work",
    "ticket.pend": "set the ticket pending", "ticket.priority": "change the priority",
    "ticket.note": "add an internal note", "ticket.reply": "reply to the requester",
    "ticket.escalate": "escalate the ticket", "ticket.resolve": "resolve the ticket",
    "ticket.reopen": "reopen the ticket",
}
FIELD_MAX = 4000


@dataclass(frozen=True)
class CardActionRequest:
    verb: str
    data: dict
    ticket: str  # the reference the card names; "" for intake verbs

    def field(self, name: str) -> str:
        """An input's value as text, trimmed and bounded: card data is client input."""
        value = self.data.get(name)
        return str(value).strip()[:FIELD_MAX] if isinstance(value, str | int | float) else ""


def _choice(enum: type, value: str, what: str):  # noqa: ANN202
    try:
        return enum(value)
    except ValueError:
        raise IllegalTransition(f"Choose {what}.") from None


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
            "ticket.confirm": self._requester_action,
            "ticket.still_broken": self._requester_action,
            "ticket.draft_article": self._draft_article,
            "kb.solved": self._kb_solved,
            "kb.need_help": self._kb_need_help,
            "kb.publish": self._kb_publish,
            **{verb: self._technician_action for verb in TECHNICIAN_VERBS},
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
        return await self._card_for(actor, await self._edge.service.find_by_reference(reference, actor), notice)

    async def _card_for(self, actor: Actor, ticket: Ticket, notice: str = "") -> dict:
        """The technician card for technicians; anyone else (a requester asking about their own
        ticket) gets the public status card, which never shows internal notes."""
        if not actor.is_technician:
            return status_card(ticket, for_requester=True)
        return await self._edge.notifier.channel_card(ticket, actions=True, notice=notice)

    async def _refresh(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        return card_answer(await self._ticket_card(turn_context, request.ticket))

    async def _technician_action(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        actor = await self._edge.actor(turn_context)
        if not actor.is_technician:
            await self._edge.service.record_refusal(request.ticket, actor, TECHNICIAN_VERBS[request.verb])
            raise NotAllowed(messages.NOT_A_TECHNICIAN)
        return card_answer(await self._card_for(actor, await self._apply(request, actor)))

    async def _apply(self, request: CardActionRequest, actor: Actor) -> Ticket:
        """The change a verb asks for; returns the ticket as saved."""
        service, ref, field = self._edge.service, request.ticket, request.field
        match request.verb:
            case "ticket.claim":
                return await service.claim(ref, actor)
            case "ticket.assign":
                return await service.assign(ref, await self._technician(field("assignee")), actor)
            case "ticket.unassign":
                return await service.unassign(ref, actor)
            case "ticket.start":
                return await service.start_work(ref, actor)
            case "ticket.pend":
                return await service.pend(ref, _choice(PendingOn, field("pending_on"), "what it waits on"),
                                          field("pending_note"), actor)
            case "ticket.priority":
                return await service.change_priority(ref, _choice(Priority, field("priority"), "a priority"),
                                                     field("priority_reason"), actor)
            case "ticket.note":
                return await service.add_note(ref, field("note_text"), actor)
            case "ticket.reply":
                return await service.reply_to_requester(ref, field("reply_text"), actor)
            case "ticket.escalate":
                return await service.escalate(ref, field("escalate_reason"), actor, field("escalate_queue"))
            case "ticket.resolve":
                return await service.resolve(ref, field("resolution"), actor, field("fix_category"))
            case "ticket.reopen":
                return await service.reopen(ref, field("reopen_reason") or "Reopened by a technician.", actor)
            case _:
                raise IllegalTransition("That button is not one I know.")

    async def _technician(self, aad_id: str) -> Person:
        """The assignee must be a member of the technicians' team, whatever the card says."""
        member = next((m for m in await self._edge.roster.members() if m.aad_id == aad_id), None)
        if member is None:
            raise IllegalTransition("Pick a technician from the technicians' team.")
        return Person(id=member.aad_id, name=member.name)

    async def _draft_article(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        actor = await self._edge.actor(turn_context)
        article = await self._edge.knowledge.draft_from(request.ticket, actor)
        ticket = await self._edge.service.find_by_reference(request.ticket, actor)
        await self._edge.notifier.post_in_thread(ticket, card_activity(kb_draft_card(article)))
        notice = messages.DRAFT_SAVED.format(title=article.title, reference=ticket.reference)
        return card_answer(await self._card_for(actor, ticket, notice))

    async def _kb_solved(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        person = person_from_activity(turn_context.activity)
        await self._edge.knowledge.solved(person, request.field("article"), request.field("query"))
        return card_answer(message_card(messages.GLAD_IT_HELPED, tone="good"))

    async def _kb_need_help(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        """None of the articles helped: the suggestions turn into the intake form, with the words kept."""
        person = person_from_activity(turn_context.activity)
        query = request.field("query")
        shown = [a for a in request.field("articles").split(",") if a][:3]
        await self._edge.knowledge.still_need_help(person, shown, query)
        values = prefill(query, self._edge.service)
        intake_id = uuid.uuid4().hex
        dialog_context = await self._edge.dialog_context(turn_context)
        await dialog_context.cancel_all_dialogs()
        await dialog_context.begin_dialog(DIALOG_ID, {SHOWN: intake_id})
        return card_answer(intake_form(self._edge.service.config.taxonomy, values, {}, intake_id))

    async def _kb_publish(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        actor = await self._edge.actor(turn_context)
        article = await self._edge.knowledge.publish(request.field("article"), actor)
        return card_answer(message_card(messages.PUBLISHED.format(title=article.title), tone="good"))

    async def _requester_action(self, turn_context: TurnContext, request: CardActionRequest) -> dict:
        """The requester's buttons on the resolution card: only the requester may press them."""
        actor = await self._edge.actor(turn_context)
        if request.verb == "ticket.confirm":
            ticket = await self._edge.service.confirm_fix(request.ticket, actor)
            return card_answer(message_card(messages.CONFIRMED.format(reference=ticket.reference), tone="good"))
        ticket = await self._edge.service.still_broken(request.ticket, request.field("still_broken_reason"), actor)
        return card_answer(message_card(messages.REOPENED_BY_REQUESTER.format(reference=ticket.reference)))

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
