"""The Notifier port on Teams: the channel card, and the requester's 1:1 chat."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from botbuilder.schema import Activity, ChannelAccount, ConversationParameters

from bot.alerts import ManagerAlerts, mention_activity
from bot.attachments import card_activity, text_activity
from bot.connector import ConnectorPool
from bot.conversations import ConversationBook
from bot.messages import requester_update, thread_line
from bot.roster import Member, TechnicianRoster
from cards.resolution import resolution_card
from cards.technician import technician_card
from tickets.model import Event, ThreadRef, Ticket, Visibility
from tickets.service import DeskService

log = logging.getLogger(__name__)
MENTION_MAX = 20  # an unclaimed ticket's alert mentions the technicians, up to this many


class TeamsNotifier:
    def __init__(self, connectors: ConnectorPool, book: ConversationBook, roster: TechnicianRoster,
                 queues: list[str], managers: ManagerAlerts) -> None:
        self._connectors = connectors
        self._queues = queues
        self._managers = managers
        self._book = book
        self._roster = roster
        self._service: DeskService | None = None  # set by attach(): they need each other

    def attach(self, service: DeskService) -> None:
        self._service = service

    async def ticket_changed(self, ticket: Ticket, events: Sequence[Event]) -> None:
        if ticket.channel_thread is None:
            await self._post_card(ticket)
        else:
            await self._update_card(ticket)
            for event in events:
                await self._log_in_thread(ticket, event)
        for event in events:
            if event.visibility is Visibility.PUBLIC and (event.actor is None or event.actor.id != ticket.requester.id):
                await self._tell_requester_about(ticket, event)
            if event.kind == "sla_breach":
                await self._managers.breach(ticket, event)

    async def _tell_requester_about(self, ticket: Ticket, event: Event) -> None:
        if event.kind == "resolved":
            await self.send_to_requester(ticket, card_activity(resolution_card(ticket)))
            return
        text = requester_update(ticket, event)
        if text:
            await self.send_to_requester(ticket, text_activity(text))

    async def _log_in_thread(self, ticket: Ticket, event: Event) -> None:
        line = thread_line(ticket, event)
        if not line:
            return
        if event.kind in ("sla_warning", "sla_breach"):
            await self.post_in_thread(ticket, mention_activity(line, await self._to_alert(ticket)))
        else:
            await self.post_in_thread(ticket, text_activity(line, plain=True))

    async def _to_alert(self, ticket: Ticket) -> list[Member]:
        """The assignee; for an unclaimed ticket, every technician (the whole queue)."""
        members = await self._roster.members()
        if ticket.assignee is not None:
            return [m for m in members if m.aad_id == ticket.assignee.id]
        return members[:MENTION_MAX]

    async def channel_card(self, ticket: Ticket, actions: bool, notice: str = "") -> dict:
        """The ticket's card: the action view for technicians, read-only for everyone else."""
        members = await self._roster.members()
        clocks = self._service.sla_state(ticket) if self._service is not None else None
        return technician_card(
            ticket, actions=actions, technician_ids=[m.user_id for m in members],
            technicians=[(m.aad_id, m.name) for m in members], queues=self._queues, notice=notice, sla=clocks,
        )

    async def send_to_requester(self, ticket: Ticket, activity: Activity) -> None:
        """A message in the requester's 1:1 chat, linked to the ticket so a reply to it threads in."""
        reference = await self._book.user_reference(ticket.requester.id)
        if reference is None:
            log.warning("no 1:1 chat known for the requester of %s", ticket.reference)
            return
        client = await self._connectors.client(reference.service_url)
        sent = await client.conversations.send_to_conversation(reference.conversation.id, activity)
        await self._book.link(getattr(sent, "id", "") or "", ticket.number)

    async def post_to_channel(self, channel: str, card: dict, summary: str) -> ThreadRef | None:
        """A new top-level post (a new conversation) in a channel of the technicians' team."""
        team = await self._book.team()
        if team is None:
            log.warning("nowhere to post '%s': no technicians' team is bound yet", summary)
            return None
        parameters = ConversationParameters(
            is_group=True, bot=ChannelAccount(id=team.bot_id), tenant_id=team.tenant_id,
            channel_data={"channel": {"id": channel}, "tenant": {"id": team.tenant_id}},
            activity=card_activity(card, summary=summary),
        )
        client = await self._connectors.client(team.service_url)
        created = await client.conversations.create_conversation(parameters)
        return ThreadRef(conversation_id=created.id, activity_id=created.activity_id or "")

    async def post_in_thread(self, ticket: Ticket, activity: Activity) -> None:
        team, thread = await self._book.team(), ticket.channel_thread
        if team is None or thread is None:
            return
        client = await self._connectors.client(team.service_url)
        await client.conversations.send_to_conversation(thread.conversation_id, activity)

    async def _post_card(self, ticket: Ticket) -> None:
        team = await self._book.team()
        if team is None:
            log.warning("%s was opened but no technicians' team is bound yet", ticket.reference)
            return
        card = await self.channel_card(ticket, actions=False)
        thread = await self.post_to_channel(team.channel_for(ticket.queue), card,
                                            f"{ticket.reference}: {ticket.summary}")
        if thread is None:
            return
        await self._book.link(thread.activity_id, ticket.number)
        if self._service is not None:
            await self._service.record_channel_thread(ticket.number, thread)

    async def _update_card(self, ticket: Ticket) -> None:
        team = await self._book.team()
        thread = ticket.channel_thread
        if team is None or thread is None:
            return
        client = await self._connectors.client(team.service_url)
        activity = card_activity(await self.channel_card(ticket, actions=False), activity_id=thread.activity_id)
        await client.conversations.update_activity(thread.conversation_id, thread.activity_id, activity)
