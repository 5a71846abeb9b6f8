"""A resolved ticket becomes a draft article with what the requester saw, never internal notes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.domain.support import TECH, opened, utc
from tickets import lifecycle as lc
from tickets.errors import IllegalTransition
from tickets.kb.article import ArticleStatus
from tickets.kb.drafts import draft_from_ticket
from tickets.model import Event, Person, Priority, Visibility

SECRET = "admin password is Hunter2"


def resolved_ticket():
    t = opened(utc(2026, 11, 16, 9), Priority.HIGH, summary="VPN drops every few minutes",
               description="My home address is 1 Private Lane", category="Network/Connectivity", subcategory="VPN")
    t = lc.claim(t, TECH, utc(2026, 11, 16, 9, 5))
    t = lc.comment(t, SECRET, TECH, utc(2026, 11, 16, 9, 10), Visibility.INTERNAL)
    t = lc.comment(t, "Which client version do you run?", TECH, utc(2026, 11, 16, 9, 11), Visibility.PUBLIC, "reply")
    return lc.resolve(t, "Switched the gateway to London and updated the client to 6.2.", TECH,
                      utc(2026, 11, 16, 10), "Configuration change")


def test_the_draft_holds_the_summary_category_and_public_resolution():
    draft = draft_from_ticket(resolved_ticket())
    assert draft.status is ArticleStatus.DRAFT
    assert (draft.id, draft.title, draft.category) == ("vpn-drops-every-few-minutes", "VPN drops every few minutes",
                                                        "Network/Connectivity")
    assert "Switched the gateway to London" in draft.body and "Configuration change" in draft.body
    assert draft.source_ticket == "INC-000001"
    assert "vpn" in draft.keywords


def test_internal_notes_replies_and_the_description_stay_out():
    ticket = resolved_ticket()
    draft = draft_from_ticket(ticket)
    everything = " ".join([draft.title, draft.body, *draft.keywords])
    assert SECRET not in everything
    assert "Private Lane" not in everything and "client version" not in everything


def test_an_internal_resolution_text_is_never_used():
    ticket = resolved_ticket()
    hidden = Event(utc(2026, 11, 16, 11), TECH, "resolved", Visibility.INTERNAL, SECRET)
    ticket = replace(ticket, history=ticket.history + (hidden,))
    assert SECRET not in draft_from_ticket(ticket).body


def test_the_latest_resolution_wins_after_a_reopen():
    t = lc.reopen(resolved_ticket(), "Drops again", Person("user-1", "Ada"), utc(2026, 11, 16, 12))
    t = lc.resolve(t, "Replaced the home router.", TECH, utc(2026, 11, 16, 14))
    body = draft_from_ticket(t).body
    assert "Replaced the home router." in body and "Switched the gateway" not in body


def test_an_unresolved_ticket_cannot_become_an_article():
    ticket = lc.claim(opened(utc(2026, 11, 16, 9)), TECH, utc(2026, 11, 16, 9, 5))
    with pytest.raises(IllegalTransition):
        draft_from_ticket(ticket)
