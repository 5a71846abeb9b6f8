"""Who is a technician: a member of the technicians' team, asked of the team's own roster.

Not `TeamsInfo.get_team_member`, which in 4.17.1 asks the current conversation instead of the team
(in a 1:1 chat everyone is a member of their own chat). Answers are cached briefly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from msrest.exceptions import HttpOperationError

from bot.connector import ConnectorPool
from bot.conversations import ConversationBook

log = logging.getLogger(__name__)
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class Member:
    user_id: str  # Teams id (29:...)
    aad_id: str
    name: str


class TechnicianRoster:
    def __init__(self, book: ConversationBook, connectors: ConnectorPool,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._book = book
        self._connectors = connectors
        self._now = monotonic
        self._answers: dict[str, tuple[float, bool]] = {}
        self._members: tuple[float, list[Member]] | None = None

    async def is_technician(self, user_id: str) -> bool:
        cached = self._answers.get(user_id)
        if cached and self._now() - cached[0] < CACHE_SECONDS:
            return cached[1]
        answer = await self._ask_team(user_id)
        self._answers[user_id] = (self._now(), answer)
        return answer

    async def members(self) -> list[Member]:
        """Everyone in the technicians' team (for refresh.userIds and the assign picker)."""
        if self._members and self._now() - self._members[0] < CACHE_SECONDS:
            return self._members[1]
        team = await self._book.team()
        if team is None:
            return []
        client = await self._connectors.client(team.service_url)
        found: list[Member] = []
        token = None
        while True:
            page = await client.conversations.get_conversation_paged_members(
                team.team_id, page_size=500, continuation_token=token)
            found += [Member(m.id, m.aad_object_id or m.id, m.name or "") for m in page.members or []]
            token = page.continuation_token
            if not token:
                break
        self._members = (self._now(), found)
        return found

    def forget(self) -> None:
        self._answers.clear()
        self._members = None

    async def _ask_team(self, user_id: str) -> bool:
        team = await self._book.team()
        if team is None or not user_id:
            return False
        client = await self._connectors.client(team.service_url)
        try:
            member = await client.conversations.get_conversation_member(team.team_id, user_id)
        except HttpOperationError as error:
            if error.response is not None and error.response.status_code in (403, 404):
                return False
            raise
        return bool(member and member.id)
