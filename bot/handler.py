"""The Teams activity handler: sorts each activity to the part that handles it, nothing more."""

from __future__ import annotations

import logging
from dataclasses import replace

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema.teams import TeamInfo

from bot import messages
from bot.card_actions import CardActions, message_answer
from bot.channel import ChannelChat
from bot.context import DeskEdge
from bot.conversations import TeamBinding
from bot.identity import person_from_activity
from bot.personal import PersonalChat

log = logging.getLogger(__name__)


def conversation_type(turn_context: TurnContext) -> str:
    conversation = turn_context.activity.conversation
    return (conversation.conversation_type or "personal") if conversation else "personal"


class DeskBot(TeamsActivityHandler):
    def __init__(self, edge: DeskEdge) -> None:
        self._edge = edge
        self._personal = PersonalChat(edge)
        self._channel = ChannelChat(edge)
        self._card_actions = CardActions(edge)

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        await self._edge.conversation_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if conversation_type(turn_context) == "personal":
            await self._remember_user(turn_context)
            await self._personal.handle(turn_context)
        elif conversation_type(turn_context) == "channel":
            await self._channel.handle(turn_context)
        else:
            await turn_context.send_activity(messages.WELCOME_PERSONAL)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name != "adaptiveCard/action":
            return InvokeResponse(status=400, body={"error": "This bot does not handle that invoke."})
        if conversation_type(turn_context) == "personal":
            await self._remember_user(turn_context)
        try:
            body = await self._card_actions.answer(turn_context)
        except Exception:  # the user gets an answer, never an HTTP 500
            log.exception("card action failed")
            body = message_answer(messages.SOMETHING_WENT_WRONG)
        return InvokeResponse(status=200, body=body)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Only the bot's own arrival matters; other members joining need no connector look-ups."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else ""
        if not any(member.id == bot_id for member in activity.members_added or []):
            return
        data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        team = data.get("team") if isinstance(data.get("team"), dict) else {}
        if team.get("id"):
            await self._bind_team(turn_context, TeamInfo(id=team["id"], name=team.get("name")), bot_id)
        elif conversation_type(turn_context) == "personal":
            await self._remember_user(turn_context)
            await turn_context.send_activity(messages.WELCOME_PERSONAL)

    async def _bind_team(self, turn_context: TurnContext, team_info: TeamInfo, bot_id: str) -> None:
        """The first team the bot joins becomes the technicians' team; later ones are told so.
        Rebinding silently would let anyone who adds the bot to a team of their own act as a technician."""
        current = await self._edge.book.team()
        if current is not None and current.team_id != team_info.id:
            log.warning("bot added to team %s while %s is the technicians' team", team_info.id, current.team_id)
            await turn_context.send_activity(messages.OTHER_TEAM_BOUND)
            return
        tenant = (turn_context.activity.conversation.tenant_id or
                  ((turn_context.activity.channel_data or {}).get("tenant") or {}).get("id", ""))
        fresh = {"service_url": turn_context.activity.service_url, "tenant_id": tenant or "", "bot_id": bot_id}
        binding = (replace(current, **fresh) if current else  # queues stay; addresses may have moved
                   TeamBinding(team_id=team_info.id, queue_channels={"default": team_info.id}, **fresh))
        await self._edge.book.bind_team(binding)
        self._edge.roster.forget()
        name = turn_context.activity.recipient.name or "ServiceDesk"
        await turn_context.send_activity(messages.WELCOME_TEAM.format(bot=name))

    async def _remember_user(self, turn_context: TurnContext) -> None:
        person = person_from_activity(turn_context.activity)
        reference = TurnContext.get_conversation_reference(turn_context.activity)
        await self._edge.book.remember_user(person.id, reference)
