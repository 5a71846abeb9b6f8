"""The employee's 1:1 chat: commands, and any other text starts an intake."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot import messages
from bot.attachments import card_activity
from bot.commands import Scope, commands_for, parse_command
from bot.context import DeskEdge
from bot.identity import person_from_activity
from bot.mentions import text_without_bot_mention
from cards.kb import kb_search_results_card, kb_suggestions_card
from cards.messages import help_card, message_card
from cards.status import status_card, ticket_list_card
from dialogs.intake import DIALOG_ID, is_form_post, open_intake_id, prefill, submit_intake
from tickets.errors import DeskError


async def send_status(edge: DeskEdge, turn_context: TurnContext, reference: str) -> None:
    """Where a ticket stands: technicians see its whole history, its requester only the public part."""
    if not reference:
        await turn_context.send_activity(messages.NEED_REFERENCE)
        return
    actor = await edge.actor(turn_context)
    ticket = await edge.service.find_by_reference(reference, actor)
    await turn_context.send_activity(card_activity(status_card(ticket, for_requester=not actor.is_technician)))


async def kb_results(edge: DeskEdge, query: str) -> dict:
    if not query.strip():
        return message_card(messages.NEED_KB_QUERY)
    return kb_search_results_card(await edge.knowledge.search(query), query.strip())


def help_entries(scope: Scope) -> list[tuple[str, str]]:
    return [(c.usage, c.description) for c in commands_for(scope)]


class PersonalChat:
    def __init__(self, edge: DeskEdge) -> None:
        self._edge = edge
        self._handlers = {
            "new": self._new,
            "status": self._status,
            "mytickets": self._my_tickets,
            "cancel": self._cancel,
            "reply": self._reply,
            "kb": self._kb,
            "help": self._help,
        }

    async def handle(self, turn_context: TurnContext) -> None:
        if is_form_post(turn_context):
            await self._form_post(turn_context)
            return
        text = text_without_bot_mention(turn_context.activity)
        parsed = parse_command(text.strip(), Scope.PERSONAL)
        if parsed is not None:
            try:
                await self._handlers[parsed.command.name](turn_context, parsed.args)
            except DeskError as refusal:
                await turn_context.send_activity(refusal.message)
            return
        try:
            if await self._answer_to_ticket(turn_context, text.strip()):
                return
        except DeskError as refusal:
            await turn_context.send_activity(refusal.message)
            return
        values = prefill(text, self._edge.service)
        hits = await self._edge.knowledge.suggest(values.get("summary", ""))
        if hits:  # self-service first: the intake starts from "I still need help"
            await turn_context.send_activity(card_activity(kb_suggestions_card(hits, text.strip())))
            return
        dialog_context = await self._edge.dialog_context(turn_context)
        await dialog_context.begin_dialog(DIALOG_ID, values)

    async def _kb(self, turn_context: TurnContext, args: str) -> None:
        await turn_context.send_activity(card_activity(await kb_results(self._edge, args)))

    async def _answer_to_ticket(self, turn_context: TurnContext, text: str) -> bool:
        """Text that answers a ticket rather than opening one: a reply to the bot's message about a
        ticket, or plain text while exactly one ticket waits on this person. True when handled."""
        if not text:
            return False
        linked = await self._edge.book.linked_ticket(turn_context.activity.reply_to_id or "")
        dialog_context = await self._edge.dialog_context(turn_context)
        if linked is None and dialog_context.active_dialog is not None:
            await dialog_context.continue_dialog()
            return True
        actor = await self._edge.actor(turn_context)
        if linked is not None:
            reference = (await self._edge.service.store.get(linked)).reference
        else:
            waiting = await self._edge.service.waiting_on(actor)
            if not waiting:
                return False
            if len(waiting) > 1:
                references = ", ".join(t.reference for t in waiting)
                await turn_context.send_activity(messages.REPLY_WHICH_TICKET.format(references=references))
                return True
            reference = waiting[0].reference
        ticket = await self._edge.service.requester_reply(reference, text, actor)
        await turn_context.send_activity(messages.REPLY_NOTED.format(reference=ticket.reference))
        return True

    async def _reply(self, turn_context: TurnContext, args: str) -> None:
        reference, _, text = args.partition(" ")
        if not reference or not text.strip():
            await turn_context.send_activity(messages.NEED_REPLY_TEXT)
            return
        actor = await self._edge.actor(turn_context)
        ticket = await self._edge.service.requester_reply(reference, text, actor)
        await turn_context.send_activity(messages.REPLY_NOTED.format(reference=ticket.reference))

    async def _new(self, turn_context: TurnContext, args: str) -> None:
        dialog_context = await self._edge.dialog_context(turn_context)
        await dialog_context.cancel_all_dialogs()
        await dialog_context.begin_dialog(DIALOG_ID, prefill(args, self._edge.service))

    async def _status(self, turn_context: TurnContext, args: str) -> None:
        await send_status(self._edge, turn_context, args)

    async def _my_tickets(self, turn_context: TurnContext, args: str) -> None:
        actor = await self._edge.actor(turn_context)
        tickets = await self._edge.service.my_tickets(actor)
        card = ticket_list_card("Your open tickets", tickets, "You have no open tickets.")
        await turn_context.send_activity(card_activity(card))

    async def _cancel(self, turn_context: TurnContext, args: str) -> None:
        if args:
            actor = await self._edge.actor(turn_context)
            ticket = await self._edge.service.cancel(args, actor)
            await turn_context.send_activity(messages.CANCELLED_TICKET.format(reference=ticket.reference))
            return
        dialog_context = await self._edge.dialog_context(turn_context)
        if open_intake_id(dialog_context) is None:
            await turn_context.send_activity(messages.NO_FORM)
            return
        await dialog_context.cancel_all_dialogs()
        await turn_context.send_activity(messages.FORM_CANCELLED)

    async def _help(self, turn_context: TurnContext, args: str) -> None:
        await turn_context.send_activity(card_activity(help_card("What I can do", help_entries(Scope.PERSONAL))))

    async def _form_post(self, turn_context: TurnContext) -> None:
        """Action.Submit from a client without Universal Actions: same checks, answered as a message."""
        requester = person_from_activity(turn_context.activity)
        outcome = await submit_intake(self._edge.service, requester, turn_context.activity.value)
        await turn_context.send_activity(card_activity(outcome.card))
        if outcome.ticket is not None:
            dialog_context = await self._edge.dialog_context(turn_context)
            if open_intake_id(dialog_context) == turn_context.activity.value.get("intake_id"):
                await dialog_context.cancel_all_dialogs()
