"""Every card, in the states that change its shape, is valid Adaptive Card 1.5 JSON."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from cards import (
    help_card,
    intake_cancelled,
    intake_confirmation,
    intake_form,
    message_card,
    requester_ticket_card,
    resolution_card,
    status_card,
    technician_card,
    ticket_list_card,
)
from tests.cards.builders import T0, TAXONOMY, TECH, event, make_ticket, with_events
from tickets.model import PendingOn, Status, Visibility

NEW = make_ticket()
ASSIGNED = with_events(replace(NEW, status=Status.ASSIGNED, assignee=TECH), event("claimed", "Tom picked this up."))
PENDING = replace(ASSIGNED, status=Status.PENDING, pending_on=PendingOn.VENDOR, device="Laptop",
                  operating_system="Windows 11", error_text="Error 809", first_response_at=T0)
NOTED = with_events(PENDING, event("note", "Vendor case 123", visibility=Visibility.INTERNAL, actor=None))
RESOLVED = with_events(replace(ASSIGNED, status=Status.RESOLVED),
                       replace(event("resolved", "Replaced the VPN client.", minutes=9), data={"fix_category": "Software fix"}))
TECHNICIANS = [("aad-tom", "Tom Reyes"), ("aad-tess", "Tess Ng")]

CARDS = {
    "form-empty": lambda: intake_form(TAXONOMY, {}, {}, "i-1"),
    "form-errors": lambda: intake_form(
        TAXONOMY, {"summary": "VPN", "category": "Hardware"},
        {"summary": "Give a short summary.", "subcategory": "Choose a subcategory.", "other": "Try again."}, "i-1"),
    "confirmation": lambda: intake_confirmation(NEW, "4 hours"),
    "cancelled": intake_cancelled,
    "tech-new-actions": lambda: technician_card(NEW, actions=True, technician_ids=["29:a", "29:b"]),
    "tech-new-readonly": lambda: technician_card(NEW, actions=False, technician_ids=[]),
    "tech-pending-actions": lambda: technician_card(NOTED, actions=True, technician_ids=["29:a"]),
    "status-requester": lambda: status_card(NOTED, for_requester=True),
    "status-technician": lambda: status_card(NOTED, for_requester=False),
    "list": lambda: ticket_list_card("Your tickets", [NEW, ASSIGNED, NOTED], "None", now=T0),
    "list-no-now": lambda: ticket_list_card("Queue", [NEW], "None"),
    "list-empty": lambda: ticket_list_card("Queue", [], "Nothing waiting."),
    "help": lambda: help_card("What I can do", [("new", "Open a new ticket"), ("status INC-000042", "Show it")]),
    "message": lambda: message_card("Done."),
    "message-attention": lambda: message_card("No.", tone="attention"),
    "tech-refused": lambda: technician_card(ASSIGNED, actions=True, technician_ids=["29:a"], technicians=TECHNICIANS,
                                            queues=["default", "network"], notice="INC-000042 is already claimed by Tom"),
    "tech-no-other-queue": lambda: technician_card(ASSIGNED, actions=True, technician_ids=[], queues=["default"]),
    "resolution": lambda: resolution_card(RESOLVED),
    "resolution-no-notes": lambda: resolution_card(NEW),
    "requester-update": lambda: requester_ticket_card(PENDING, "Which client version?", title="Tom asks",
                                                      invite_reply=True),
    "requester-update-plain": lambda: requester_ticket_card(NEW, "Thanks."),
}
# The technicians' card in every status, assigned and not, with every form it can show.
for _status in Status:
    for _assignee in (None, TECH):
        _ticket = replace(NOTED, status=_status, assignee=_assignee)
        CARDS[f"tech-{_status.name.lower()}-{'assigned' if _assignee else 'unassigned'}"] = (
            lambda t=_ticket: technician_card(t, actions=True, technician_ids=["29:a"], technicians=TECHNICIANS,
                                              queues=["default", "network", "hardware"]))


@pytest.mark.parametrize("name", CARDS)
def test_card_matches_the_official_schema(name, assert_valid_card):
    assert_valid_card(CARDS[name]())


def test_the_schema_check_rejects_what_teams_would_not_render(card_validator):
    card = intake_cancelled()
    broken = copy.deepcopy(card)
    broken["body"].append({"type": "TextBlok", "text": "typo"})
    assert list(card_validator.iter_errors(broken))
    broken = copy.deepcopy(card)
    broken["body"][0]["colour"] = "attention"
    assert list(card_validator.iter_errors(broken))
