"""The requester's side: the fix to confirm, and updates that carry their ticket."""

from __future__ import annotations

import json
from datetime import timedelta

from cards import requester_ticket_card, resolution_card
from tests.cards.builders import T0, TECH, all_text, make_ticket, walk
from tickets import lifecycle
from tickets.model import PendingOn, Person, Priority, Visibility

TESS = Person("aad-tess", "Tess Ng", "tess@example.com", "IT")
SECRETS = ("Requester's manager says low value", "Vendor case V-991", "Priority Medium -> High")


def at(minutes: int):
    return T0 + timedelta(minutes=minutes)


def resolved_ticket():
    """Worked with internal notes along the way, resolved once, reopened, resolved again."""
    t = lifecycle.claim(make_ticket(), TECH, at(1))
    t = lifecycle.comment(t, SECRETS[0], TECH, at(2), Visibility.INTERNAL)
    t = lifecycle.pend(t, PendingOn.VENDOR, SECRETS[1], TECH, at(3))
    t = lifecycle.change_priority(t, Priority.HIGH, "CEO affected", TECH, at(4))
    t = lifecycle.resolve(t, "Reset the VPN profile.", TECH, at(5))
    t = lifecycle.reopen(t, "It dropped again this morning.", t.requester, at(6))
    t = lifecycle.resolve(t, "Replaced the VPN client with version 7.2.", TECH, at(7), "Software fix")
    return lifecycle.comment(t, "Watch this one for a week", TECH, at(8), Visibility.INTERNAL)


def test_the_resolution_card_shows_the_ticket_who_fixed_it_and_the_latest_notes():
    text = all_text(resolution_card(resolved_ticket()))
    for expected in ("INC-000042", "VPN drops every few minutes", "Resolved by Tom Reyes",
                     "Replaced the VPN client with version 7.2.", "Software fix", "Is it fixed for you?"):
        assert expected in text, expected
    assert "Reset the VPN profile." not in text  # the earlier, failed fix is not the one to confirm


def test_the_requester_never_sees_an_internal_note_on_the_resolution_card():
    serialized = json.dumps(resolution_card(resolved_ticket()), ensure_ascii=False)
    for secret in (*SECRETS, "Watch this one for a week", "CEO affected", "(internal)"):
        assert secret not in serialized, secret


def test_yes_fixed_confirms_and_still_broken_asks_why_then_reopens():
    fixed, broken = resolution_card(resolved_ticket())["actions"]
    assert (fixed["type"], fixed["title"], fixed["verb"], fixed["data"]) == (
        "Action.Execute", "Yes, fixed", "ticket.confirm", {"ticket": "INC-000042"})
    assert fixed["associatedInputs"] == "none"
    assert (broken["type"], broken["title"]) == ("Action.ShowCard", "Still broken")
    (reason,) = [n for n in walk(broken["card"]) if str(n.get("type", "")).startswith("Input.")]
    assert reason["id"] == "still_broken_reason" and reason["isRequired"] and reason["errorMessage"]
    (submit,) = broken["card"]["actions"]
    assert (submit["type"], submit["verb"], submit["data"]) == (
        "Action.Execute", "ticket.still_broken", {"ticket": "INC-000042"})


def test_notes_are_shown_as_typed_never_as_markdown():
    link = "[Install the fix here](https://evil.example)"
    t = lifecycle.resolve(lifecycle.claim(make_ticket(), TECH, at(1)), link, TECH, at(2))
    holders = [n for n in walk(resolution_card(t)) if "evil.example" in str(n.get("text", ""))]
    assert holders and all(n["type"] == "TextRun" for n in holders)


def test_resolved_by_names_the_assignee_after_a_reassignment():
    t = lifecycle.claim(make_ticket(), TECH, at(1))
    t = lifecycle.assign(t, TESS, TECH, at(2))
    t = lifecycle.resolve(t, "Fixed the certificate.", TESS, at(3))
    assert "Resolved by Tess Ng" in all_text(resolution_card(t))


def test_a_ticket_without_resolution_notes_says_so_rather_than_showing_nothing():
    assert "No resolution notes were given." in all_text(resolution_card(make_ticket()))


def test_an_update_to_the_requester_carries_the_message_and_where_the_ticket_stands():
    t = lifecycle.pend(lifecycle.claim(make_ticket(), TECH, at(1)), PendingOn.REQUESTER,
                       "Which VPN client version do you have?", TECH, at(2))
    card = requester_ticket_card(t, "Which VPN client version do you have?", title="Tom Reyes needs your answer",
                                 invite_reply=True)
    text = all_text(card)
    for expected in ("Tom Reyes needs your answer", "INC-000042", "VPN drops every few minutes",
                     "Which VPN client version do you have?", "Pending (waiting for the requester)",
                     "/reply INC-000042"):
        assert expected in text, expected
    assert "actions" not in card
    plain_update = all_text(requester_ticket_card(t, "Tom picked this up."))
    assert "/reply" not in plain_update and "Tom picked this up." in plain_update


def test_an_update_shows_only_what_it_is_given_not_the_history():
    t = resolved_ticket()
    serialized = json.dumps(requester_ticket_card(t, "Thanks for your patience."), ensure_ascii=False)
    for secret in (*SECRETS, "Watch this one for a week"):
        assert secret not in serialized
