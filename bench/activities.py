"""Teams-shaped activity JSON, as the Bot Connector posts it (a lean copy of tests/e2e/teams.py)."""

from __future__ import annotations

import itertools
import uuid

from bench.people import BOT, TEAM_ID, TENANT, User

_ids = itertools.count(1)

GOOD_FORM = {
    "type": "incident", "category": "Network/Connectivity", "subcategory": "Network/Connectivity::VPN",
    "summary": "My VPN keeps dropping", "description": "Every ten minutes since this morning.",
    "impact": "medium", "urgency": "high", "device": "ThinkPad T14", "operating_system": "Windows 11",
    "error_text": "",
}


def _base(kind: str, service_url: str, sender: User, conversation: dict, channel_data: dict) -> dict:
    return {
        "type": kind, "id": f"activity-{next(_ids)}", "timestamp": "2026-11-27T10:00:00.000Z",
        "serviceUrl": service_url, "channelId": "msteams", "from": sender.account,
        "conversation": conversation, "recipient": BOT,
        "channelData": {"tenant": {"id": TENANT}, **channel_data}, "locale": "en-GB",
    }


def personal(user: User) -> dict:
    return {"conversationType": "personal", "id": user.chat_id, "tenantId": TENANT}


def team_channel(thread: str) -> tuple[dict, dict]:
    conversation = {"conversationType": "channel", "id": f"{TEAM_ID};messageid={thread}", "isGroup": True,
                    "tenantId": TENANT}
    return conversation, {"team": {"id": TEAM_ID, "name": "IT"}, "channel": {"id": TEAM_ID}}


def message(service_url: str, user: User, text: str) -> dict:
    activity = _base("message", service_url, user, personal(user), {})
    activity["text"] = text
    return activity


def card_action(service_url: str, user: User, verb: str, data: dict, conversation: dict,
                channel_data: dict | None = None) -> dict:
    activity = _base("invoke", service_url, user, conversation, channel_data or {})
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    return activity


def intake_submit(service_url: str, user: User) -> dict:
    """A valid form with a fresh intake id: each one opens a new ticket."""
    return card_action(service_url, user, "intake.submit", {"intake_id": uuid.uuid4().hex, **GOOD_FORM},
                       personal(user))


def claim(service_url: str, technician: User, reference: str, thread: str) -> dict:
    conversation, channel_data = team_channel(thread)
    return card_action(service_url, technician, "ticket.claim", {"ticket": reference}, conversation, channel_data)


def bot_added_to_team(service_url: str, installer: User) -> dict:
    activity = _base("conversationUpdate", service_url, installer,
                     {"conversationType": "channel", "id": TEAM_ID, "isGroup": True, "tenantId": TENANT},
                     {"team": {"id": TEAM_ID, "name": "IT"}, "channel": {"id": TEAM_ID},
                      "eventType": "teamMemberAdded"})
    activity["membersAdded"] = [{"id": BOT["id"]}]
    return activity
