"""What every part of the Teams edge needs, built once in app.py and passed down."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import ConversationState, TurnContext
from botbuilder.dialogs import DialogContext, DialogSet

from bot.conversations import ConversationBook
from bot.exports import ExportShelf
from bot.identity import channel_user_id, person_from_activity
from bot.notifier import TeamsNotifier
from bot.roster import TechnicianRoster
from tickets.knowledge_service import KnowledgeService
from tickets.model import Actor
from tickets.reporting_service import ReportingService
from tickets.service import DeskService


@dataclass
class DeskEdge:
    service: DeskService
    book: ConversationBook
    roster: TechnicianRoster
    notifier: TeamsNotifier
    conversation_state: ConversationState
    dialogs: DialogSet
    knowledge: KnowledgeService
    reporting: ReportingService
    exports: ExportShelf

    async def actor(self, turn_context: TurnContext) -> Actor:
        """The sender, with technician status asked of the technicians' team roster."""
        person = person_from_activity(turn_context.activity)
        return Actor(person, await self.roster.is_technician(channel_user_id(turn_context.activity)))

    async def dialog_context(self, turn_context: TurnContext) -> DialogContext:
        return await self.dialogs.create_context(turn_context)
