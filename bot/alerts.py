"""SLA alerts: @mentions in a ticket's thread, and 1:1 messages to a queue's managers."""

from __future__ import annotations

import logging
from html import escape

from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, Mention

from bot.attachments import text_activity
from bot.connector import ConnectorPool
from bot.conversations import ConversationBook
from bot.roster import Member
from tickets.desk_config import DeskConfig
from tickets.model import Event, Ticket
from tickets.ports import Directory

log = logging.getLogger(__name__)


def mention_activity(line: str, people: list[Member]) -> Activity:
    """`line` led by an @mention of each person (Teams needs both the <at> text and the entity)."""
    tags = [f"<at>{escape(p.name)}</at>" for p in people]
    entities = [Mention(mentioned=ChannelAccount(id=p.user_id, name=p.name), text=tag, type="mention")
                for p, tag in zip(people, tags, strict=True)]
    return Activity(type=ActivityTypes.message, text=" ".join([*tags, escape(line)]), entities=entities)


def breach_message(ticket: Ticket, event: Event) -> str:
    owner = ticket.assignee.name if ticket.assignee else "nobody yet"
    return (f"SLA breach on **{ticket.reference}** ({ticket.priority.value}, queue {ticket.queue}, "
            f"assigned to {owner}): {event.text}")


class ManagerAlerts:
    def __init__(self, config: DeskConfig, book: ConversationBook, connectors: ConnectorPool,
                 directory: Directory | None) -> None:
        self._config = config
        self._book = book
        self._connectors = connectors
        self._directory = directory

    async def breach(self, ticket: Ticket, event: Event) -> None:
        queue = self._config.queues.get(ticket.queue)
        for manager in queue.managers if queue else ():
            person_id = await self._resolve(manager)
            reference = await self._book.user_reference(person_id) if person_id else None
            if reference is None:
                log.warning("cannot alert manager %s of queue %s: no 1:1 chat with them yet", manager, ticket.queue)
                continue
            client = await self._connectors.client(reference.service_url)
            await client.conversations.send_to_conversation(
                reference.conversation.id, text_activity(breach_message(ticket, event)))

    async def _resolve(self, manager: str) -> str | None:
        """Managers are configured by Entra object id or by user principal name."""
        if "@" not in manager:
            return manager
        person = await self._directory.lookup(manager) if self._directory else None
        return person.id if person else None
