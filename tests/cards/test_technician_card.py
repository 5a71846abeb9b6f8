"""The technicians' card: what it shows, which buttons it offers, and who gets them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cards import available_actions, intake_confirmation, status_card, technician_card, ticket_list_card
from cards.technician import CARD_ACTIONS
from cards.text import ACTION_TITLES
from tests.cards.builders import TECH, all_text, event, make_ticket, walk, with_events
from tickets.model import PendingOn, Status, Visibility

TECHS = ["29:tech-a", "29:tech-b"]


def buttons(card: dict) -> list[tuple[str, str, dict]]:
    """Every Action.Execute a technician can press, wherever it sits (the refresh is not a button)."""
    refresh = card.get("refresh", {}).get("action")
    return [(a["title"], a["verb"], a["data"]) for a in walk(card.get("actions", []))
            if a.get("type") == "Action.Execute" and a is not refresh]


@pytest.mark.parametrize("status", [Status.NEW, Status.REOPENED])
def test_an_unclaimed_ticket_offers_claim_first(status):
    ticket = make_ticket(status=status)
    card = technician_card(ticket, actions=True, technician_ids=TECHS)
    assert buttons(card)[0] == ("Claim", "ticket.claim", {"ticket": "INC-000042"})
    assert card["actions"][0]["type"] == "Action.Execute"


@pytest.mark.parametrize("status", [Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING])
def test_a_claimed_ticket_offers_no_claim(status):
    ticket = make_ticket(status=status, assignee=TECH)
    assert "ticket.claim" not in available_actions(ticket)
    assert "Claim" not in [t for t, _, _ in buttons(technician_card(ticket, actions=True, technician_ids=TECHS))]


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED, Status.CANCELLED])
def test_a_finished_ticket_offers_no_claim(status):
    assert "ticket.claim" not in available_actions(make_ticket(status=status))


def test_the_read_only_view_only_asks_for_the_callers_own_view_and_still_refreshes():
    card = technician_card(make_ticket(), actions=False, technician_ids=TECHS)
    assert [(a["verb"], a["data"]) for a in card["actions"]] == [("ticket.refresh", {"ticket": "INC-000042"})]
    assert not [n for n in walk(card) if n.get("type") in ("ActionSet", "Action.Submit")]
    assert card["refresh"]["userIds"] == TECHS


def test_refresh_asks_for_the_technician_view_of_this_ticket():
    card = technician_card(make_ticket(), actions=True, technician_ids=TECHS)
    assert card["refresh"]["action"] == {"type": "Action.Execute", "verb": "ticket.refresh",
                                         "data": {"ticket": "INC-000042"}}


def test_refresh_user_ids_are_capped_at_sixty():
    many = [f"29:tech-{i}" for i in range(75)]
    card = technician_card(make_ticket(), actions=True, technician_ids=many)
    assert card["refresh"]["userIds"] == many[:60]
    assert len(many) == 75  # the caller's list is left alone


def test_every_action_has_a_title():
    assert all(a.verb in ACTION_TITLES for a in CARD_ACTIONS)


def test_the_card_shows_who_what_and_where():
    ticket = make_ticket(device="Dell 7440", operating_system="Windows 11", error_text="Error 809", tier=2,
                         queue="network")
    text = all_text(technician_card(ticket, actions=True, technician_ids=TECHS))
    for expected in ("INC-000042", "Incident", ticket.summary, "Ana Lopez (Finance)",
                     "Network/Connectivity › VPN", "Medium", "New", "Unassigned", "Tier 2", "network",
                     "{{DATE(2026-11-20T09:30:00Z, SHORT)}}", "Since Monday the VPN disconnects.",
                     "Dell 7440", "Windows 11", "Error 809"):
        assert expected in text, expected


def test_optional_details_are_left_out_when_empty():
    text = all_text(technician_card(make_ticket(), actions=True, technician_ids=TECHS))
    assert "Device" not in text and "Error message" not in text


def test_pending_says_on_whom_and_the_assignee_is_named():
    ticket = make_ticket(status=Status.PENDING, pending_on=PendingOn.VENDOR, assignee=TECH)
    text = all_text(technician_card(ticket, actions=False, technician_ids=TECHS))
    assert "Pending (waiting for a vendor)" in text and "Tom Reyes" in text


def test_a_long_description_is_cut_at_a_word_with_a_mark():
    words = " ".join(f"word{i}" for i in range(400))
    text = all_text(technician_card(make_ticket(description=words), actions=False, technician_ids=[]))
    shown = next(line for line in text.split("\n") if line.startswith("word0 "))
    assert shown.endswith("…") and len(shown) <= 601 and shown[:-1] in words
    assert words.startswith(shown[:-1] + " ")


def test_only_the_last_three_history_entries_show_with_actor_or_desk():
    ticket = with_events(
        make_ticket(),
        event("claimed", "first tech step", minutes=1),
        event("note", "second tech step", visibility=Visibility.INTERNAL, minutes=2),
        event("reply", "third tech step", minutes=3),
        event("escalated", "desk escalated it", actor=None, minutes=4),
    )
    text = all_text(technician_card(replace(ticket), actions=True, technician_ids=TECHS))
    assert "first tech step" not in text
    assert "second tech step" in text and "third tech step" in text and "desk escalated it" in text
    assert "**Desk** · Escalated" in text and "**Tom Reyes** · Note (internal)" in text


def test_what_the_requester_typed_is_never_read_as_markdown():
    link = "[Reset your password here](https://evil.example)"
    ticket = with_events(
        make_ticket(summary=link, description=link, device=link, error_text=link),
        event("reply", link),
    )
    cards = [technician_card(ticket, actions=True, technician_ids=TECHS), status_card(ticket, for_requester=True),
             ticket_list_card("Queue", [ticket], "Empty"), intake_confirmation(ticket, "4 hours")]
    for card in cards:
        holders = [n for n in walk(card) if isinstance(n.get("text"), str) and "evil.example" in n["text"]]
        assert holders and all(n["type"] == "TextRun" for n in holders)
