"""Technicians' channels: commands after an @mention; anything else gets the help."""

from __future__ import annotations

from dataclasses import replace

from botbuilder.core import TurnContext

from bot import messages
from bot.attachments import card_activity
from bot.commands import Scope, parse_command
from bot.context import DeskEdge
from bot.personal import help_entries
from cards.messages import help_card
from cards.status import status_card, ticket_list_card
from tickets.errors import DeskError, NotAllowed


def team_id_of(turn_context: TurnContext) -> str:
    data = turn_context.activity.channel_data or {}
    team = data.get("team") if isinstance(data, dict) else None
    return str(team.get("id", "")) if isinstance(team, dict) else ""


def channel_id_of(turn_context: TurnContext) -> str:
    data = turn_context.activity.channel_data or {}
    channel = data.get("channel") if isinstance(data, dict) else None
    return str(channel.get("id", "")) if isinstance(channel, dict) else ""


class ChannelChat:
    def __init__(self, edge: DeskEdge) -> None:
        self._edge = edge
        self._handlers = {"queue": self._queue, "status": self._status, "help": self._help}

    async def handle(self, turn_context: TurnContext) -> None:
        text = (TurnContext.remove_recipient_mention(turn_context.activity) or "").strip()
        parsed = parse_command(text, Scope.TEAM)
        handler = self._handlers.get(parsed.command.name) if parsed else None
        if handler is None:
            await self._help(turn_context, "")
            return
        try:
            await handler(turn_context, parsed.args)
        except DeskError as refusal:
            await turn_context.send_activity(refusal.message)

    async def _queue(self, turn_context: TurnContext, args: str) -> None:
        words = args.lower().split()
        if words[:1] == ["here"]:
            await self._queue_here(turn_context)
            return
        actor = await self._edge.actor(turn_context)
        tickets = await self._edge.service.queue(actor)
        card = ticket_list_card("Waiting to be claimed", tickets, "Nothing is waiting: every open ticket has an owner.")
        await turn_context.send_activity(card_activity(card))

    async def _queue_here(self, turn_context: TurnContext) -> None:
        team = await self._edge.book.team()
        if team is None or team.team_id != team_id_of(turn_context):
            raise NotAllowed(messages.NOT_IN_TEAM)
        actor = await self._edge.actor(turn_context)
        if not actor.is_technician:
            raise NotAllowed(messages.NOT_A_TECHNICIAN)
        channels = {**team.queue_channels, "default": channel_id_of(turn_context) or team.team_id}
        await self._edge.book.bind_team(replace(team, queue_channels=channels))
        await turn_context.send_activity(messages.QUEUE_MOVED.format(queue="default"))

    async def _status(self, turn_context: TurnContext, args: str) -> None:
        if not args:
            await turn_context.send_activity(messages.NEED_REFERENCE)
            return
        actor = await self._edge.actor(turn_context)
        ticket = await self._edge.service.find_by_reference(args, actor)
        await turn_context.send_activity(card_activity(status_card(ticket, for_requester=False)))

    async def _help(self, turn_context: TurnContext, args: str) -> None:
        await turn_context.send_activity(card_activity(help_card("Service desk commands", help_entries(Scope.TEAM))))
