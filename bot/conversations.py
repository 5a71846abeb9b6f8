"""What the bot must remember to speak first: the technicians' team and each user's 1:1 chat.

Kept in the StateStore, so a restart (or another instance) knows them too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from botbuilder.schema import ConversationReference

from tickets.ports import StateStore

TEAM_KEY = "desk/team"


def _user_key(person_id: str) -> str:
    return f"conversations/user/{person_id}"


@dataclass(frozen=True)
class TeamBinding:
    """The technicians' team and the channel each queue posts to."""

    team_id: str
    service_url: str
    tenant_id: str
    bot_id: str
    queue_channels: dict[str, str] = field(default_factory=dict)

    def channel_for(self, queue: str) -> str:
        return self.queue_channels.get(queue) or self.queue_channels.get("default") or self.team_id


class ConversationBook:
    def __init__(self, state: StateStore) -> None:
        self._state = state
        self._written: dict[str, dict] = {}  # skip rewriting a reference that has not changed

    async def team(self) -> TeamBinding | None:
        found = await self._state.read([TEAM_KEY])
        return TeamBinding(**found[TEAM_KEY]) if TEAM_KEY in found else None

    async def bind_team(self, binding: TeamBinding) -> None:
        await self._state.write({TEAM_KEY: asdict(binding)})

    async def remember_user(self, person_id: str, reference: ConversationReference) -> None:
        if not person_id:
            return
        # The id of the message that carried the reference changes every turn and nothing sent
        # later needs it; kept, it made every 1:1 message rewrite the state file (issue 8).
        key, document = _user_key(person_id), reference.serialize()
        document.pop("activityId", None)
        if self._written.get(key) != document:
            await self._state.write({key: document})
            self._written[key] = document

    async def user_reference(self, person_id: str) -> ConversationReference | None:
        found = await self._state.read([_user_key(person_id)])
        raw = found.get(_user_key(person_id))
        return ConversationReference().deserialize(raw) if raw else None

    async def link(self, activity_id: str, number: int) -> None:
        """Remember which ticket a posted activity (card thread root, message to a requester) is about."""
        if activity_id:
            await self._state.write({f"links/{activity_id}": {"number": number}})

    async def linked_ticket(self, activity_id: str) -> int | None:
        if not activity_id:
            return None
        found = await self._state.read([f"links/{activity_id}"])
        return found[f"links/{activity_id}"]["number"] if found else None
