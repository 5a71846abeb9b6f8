"""The bench's requests: the same Teams-shaped activities the end-to-end tests send (tests/e2e/teams.py)."""

from __future__ import annotations

import uuid

from tests.e2e.teams import (
    TEAM_ID,
    User,
    bot_added_to_team,
    card_action,
    channel_conversation,
    channel_data,
    personal_conversation,
)
from tests.e2e.teams import personal_message as message
from tests.e2e.test_spine import GOOD_FORM

__all__ = ["bot_added_to_team", "claim", "intake_submit", "message"]


def intake_submit(service_url: str, user: User) -> dict:
    """A valid form with a fresh intake id: each one opens a new ticket."""
    return card_action(service_url, user, "intake.submit", {"intake_id": uuid.uuid4().hex, **GOOD_FORM},
                       personal_conversation(user))


def claim(service_url: str, technician: User, reference: str, thread: str) -> dict:
    return card_action(service_url, technician, "ticket.claim", {"ticket": reference},
                       channel_conversation(TEAM_ID, thread), channel_data(TEAM_ID))
