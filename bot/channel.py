"""Technicians' channels: commands after an @mention; anything else gets the help."""

from __future__ import annotations

from dataclasses import replace

from botbuilder.core import TurnContext

from bot import messages
from bot.attachments import card_activity
from bot.commands import Scope, parse_command
from bot.context import DeskEdge
from bot.mentions import text_without_bot_mention
from bot.personal import help_entries, kb_results, send_status
from cards.messages import help_card
from cards.report import report_card
from cards.status import ticket_list_card
from tickets.desk_config import DEFAULT_QUEUE
from tickets.errors import DeskError, NotAllowed
from tickets.model import Priority
from tickets.reporting_service import parse_period


def team_id_of(turn_context: TurnContext) -> str:
    data = turn_context.activity.channel_data or {}
    team = data.get("team") if isinstance(data, dict) else None
    return str(team.get("id", "")) if isinstance(team, dict) else ""


def channel_id_of(turn_context: TurnContext) -> str:
    data = turn_context.activity.channel_data or {}
    channel = data.get("channel") if isinstance(data, dict) else None
    return str(channel.get("id", "")) if isinstance(channel, dict) else ""


def thread_root_of(turn_context: TurnContext) -> str:
    """A channel thread's conversation id is `<channel id>;messageid=<root activity id>`."""
    conversation = turn_context.activity.conversation
    _, _, root = (conversation.id or "").partition(";messageid=") if conversation else ("", "", "")
    return root


class ChannelChat:
    def __init__(self, edge: DeskEdge) -> None:
        self._edge = edge
        self._handlers = {"queue": self._queue, "mine": self._mine, "status": self._status, "help": self._help,
                          "kb": self._kb, "report": self._report, "export": self._export}

    async def handle(self, turn_context: TurnContext) -> None:
        try:
            await self._route(turn_context)
        except DeskError as refusal:
            await turn_context.send_activity(refusal.message)

    async def _route(self, turn_context: TurnContext) -> None:
        text = text_without_bot_mention(turn_context.activity).strip()
        number = await self._edge.book.linked_ticket(thread_root_of(turn_context))
        if number is not None and not text.startswith("/"):
            await self._in_ticket_thread(turn_context, number, text)
        elif number is not None and text.lower().startswith("/note"):
            await self._in_ticket_thread(turn_context, number, text[len("/note"):].strip(), internal=True)
        else:
            parsed = parse_command(text, Scope.TEAM)
            handler = self._handlers.get(parsed.command.name) if parsed else None
            await (handler or self._help)(turn_context, parsed.args if parsed and handler else "")

    async def _in_ticket_thread(self, turn_context: TurnContext, number: int, text: str, internal: bool = False
                                ) -> None:
        """In a ticket card's thread, a technician's message is a reply to the requester (or,
        after /note, an internal note); both go into the ticket's history."""
        actor = await self._edge.actor(turn_context)
        ticket = await self._edge.service.store.get(number)
        if not actor.is_technician:
            await self._edge.service.record_refusal(ticket.reference, actor, "post in the ticket's thread")
            raise NotAllowed(messages.NOT_YOUR_THREAD)
        if internal:
            await self._edge.service.add_note(ticket.reference, text, actor)
        else:
            await self._edge.service.reply_to_requester(ticket.reference, text, actor)

    async def _queue(self, turn_context: TurnContext, args: str) -> None:
        words = set(args.lower().split())
        if "here" in words:
            named = [w for w in args.split() if w.lower() != "here"]
            await self._queue_here(turn_context, named[0] if named else DEFAULT_QUEUE)
            return
        actor = await self._edge.actor(turn_context)
        high = frozenset({Priority.CRITICAL, Priority.HIGH}) if words & {"high", "urgent"} else None
        unassigned_only = not (words & {"all", "open"}) or "unassigned" in words
        tickets = await self._edge.service.queue(actor, unassigned_only=unassigned_only, priorities=high)
        title = "Waiting to be claimed" if unassigned_only else "Open tickets"
        if high:
            title += " (high and critical)"
        card = ticket_list_card(title, tickets, "Nothing matches: every open ticket has an owner.",
                                now=self._edge.service.clock.now())
        await turn_context.send_activity(card_activity(card))

    async def _mine(self, turn_context: TurnContext, args: str) -> None:
        actor = await self._edge.actor(turn_context)
        tickets = await self._edge.service.assigned_to(actor)
        card = ticket_list_card("Assigned to you", tickets, "Nothing is assigned to you.",
                                now=self._edge.service.clock.now())
        await turn_context.send_activity(card_activity(card))

    async def _queue_here(self, turn_context: TurnContext, queue: str) -> None:
        if queue not in self._edge.service.config.queues:
            known = ", ".join(sorted(self._edge.service.config.queues))
            raise NotAllowed(messages.UNKNOWN_QUEUE.format(queue=queue, known=known))
        team = await self._edge.book.team()
        if team is None or team.team_id != team_id_of(turn_context):
            raise NotAllowed(messages.NOT_IN_TEAM)
        actor = await self._edge.actor(turn_context)
        if not actor.is_technician:
            raise NotAllowed(messages.NOT_A_TECHNICIAN)
        channels = {**team.queue_channels, queue: channel_id_of(turn_context) or team.team_id}
        await self._edge.book.bind_team(replace(team, queue_channels=channels))
        await turn_context.send_activity(messages.QUEUE_MOVED.format(queue=queue))

    async def _status(self, turn_context: TurnContext, args: str) -> None:
        await send_status(self._edge, turn_context, args)

    async def _kb(self, turn_context: TurnContext, args: str) -> None:
        await turn_context.send_activity(card_activity(await kb_results(self._edge, args)))

    async def _report(self, turn_context: TurnContext, args: str) -> None:
        days, queue = parse_period(args, list(self._edge.service.config.queues))
        report = await self._edge.reporting.report(await self._edge.actor(turn_context), days, queue)
        await turn_context.send_activity(card_activity(report_card(report)))

    async def _export(self, turn_context: TurnContext, args: str) -> None:
        days, queue = parse_period(args or "30d", list(self._edge.service.config.queues))
        files = await self._edge.reporting.export(await self._edge.actor(turn_context), days, queue)
        links = "\n".join([f"- [{name}]({await self._edge.exports.put(name, content)})" for name, content in files.items()])
        await turn_context.send_activity(messages.EXPORT_READY.format(days=days, links=links))

    async def _help(self, turn_context: TurnContext, args: str) -> None:
        await turn_context.send_activity(card_activity(help_card("Service desk commands", help_entries(Scope.TEAM))))
