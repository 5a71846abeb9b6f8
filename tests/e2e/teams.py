"""Teams-shaped activity JSON, as the Bot Connector posts it to /api/messages."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

TENANT = "tenant-contoso"
BOT = {"id": "28:desk-bot", "name": "ServiceDesk"}
TEAM_ID = "19:it-team@thread.tacv2"
OTHER_CHANNEL = "19:hardware-queue@thread.tacv2"
_ids = itertools.count(1)


@dataclass(frozen=True)
class User:
    user_id: str  # 29:...
    aad_id: str
    name: str

    @property
    def account(self) -> dict:
        return {"id": self.user_id, "name": self.name, "aadObjectId": self.aad_id}

    @property
    def member(self) -> dict:
        return {**self.account, "userPrincipalName": f"{self.name.split()[0].lower()}@contoso.com"}

    @property
    def chat_id(self) -> str:
        return f"a:chat-{self.aad_id}"


ALICE = User("29:alice", "aad-alice", "Alice Employee")
BOB = User("29:bob", "aad-bob", "Bob Employee")
TESS = User("29:tess", "aad-tess", "Tess Technician")
TOM = User("29:tom", "aad-tom", "Tom Technician")


def _base(kind: str, service_url: str, sender: User, conversation: dict, channel_data: dict) -> dict:
    return {
        "type": kind, "id": f"activity-{next(_ids)}", "timestamp": "2026-11-27T10:00:00.000Z",
        "serviceUrl": service_url, "channelId": "msteams", "from": sender.account,
        "conversation": conversation, "recipient": BOT,
        "channelData": {"tenant": {"id": TENANT}, **channel_data}, "locale": "en-GB",
    }


def personal_conversation(user: User) -> dict:
    return {"conversationType": "personal", "id": user.chat_id, "tenantId": TENANT}


def channel_conversation(channel: str, thread: str | None = None) -> dict:
    conversation_id = f"{channel};messageid={thread or next(_ids)}"
    return {"conversationType": "channel", "id": conversation_id, "isGroup": True, "tenantId": TENANT}


def channel_data(channel: str, team: str = TEAM_ID) -> dict:
    return {"team": {"id": team, "name": "IT"}, "channel": {"id": channel}}


def personal_message(service_url: str, user: User, text: str) -> dict:
    activity = _base("message", service_url, user, personal_conversation(user), {})
    activity["text"] = text
    return activity


def form_post(service_url: str, user: User, value: dict) -> dict:
    """Action.Submit, as clients without Universal Actions send it."""
    activity = _base("message", service_url, user, personal_conversation(user), {})
    activity["value"] = value
    return activity


def channel_message(service_url: str, user: User, text: str, channel: str = TEAM_ID, team: str = TEAM_ID,
                    thread: str | None = None) -> dict:
    mention = f"<at>{BOT['name']}</at>"
    activity = _base("message", service_url, user, channel_conversation(channel, thread), channel_data(channel, team))
    activity["text"] = f"{mention} {text}"
    activity["entities"] = [{"type": "mention", "mentioned": BOT, "text": mention}]
    return activity


def card_action(service_url: str, user: User, verb: str, data: dict, conversation: dict,
                channel: dict | None = None) -> dict:
    activity = _base("invoke", service_url, user, conversation, channel or {})
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    return activity


def bot_added_to_team(service_url: str, installer: User, team: str = TEAM_ID) -> dict:
    activity = _base("conversationUpdate", service_url, installer,
                     {"conversationType": "channel", "id": team, "isGroup": True, "tenantId": TENANT},
                     {**channel_data(team, team), "eventType": "teamMemberAdded"})
    activity["membersAdded"] = [{"id": BOT["id"]}]
    return activity


def bot_installed_personally(service_url: str, user: User) -> dict:
    activity = _base("conversationUpdate", service_url, user, personal_conversation(user), {})
    activity["membersAdded"] = [{"id": BOT["id"]}]
    return activity
