"""Where a ticket stands, for its requester and for technicians, and the ticket lists."""

from __future__ import annotations

import json
from datetime import timedelta

from cards import status_card, ticket_list_card
from cards.status import LIST_MAX
from tests.cards.builders import T0, TECH, all_text, event, make_ticket, walk, with_events
from tickets import lifecycle
from tickets.model import PendingOn, Status, Visibility

SECRET = "Requester's manager says this is a low-value request"


def worked_ticket():
    ticket = lifecycle.claim(make_ticket(), TECH, T0 + timedelta(minutes=5))
    ticket = lifecycle.comment(ticket, SECRET, TECH, T0 + timedelta(minutes=6), Visibility.INTERNAL)
    ticket = lifecycle.comment(ticket, "Can you restart and try again?", TECH, T0 + timedelta(minutes=7),
                               Visibility.PUBLIC, kind="reply")
    ticket = lifecycle.pend(ticket, PendingOn.VENDOR, "Vendor ticket V-991 opened", TECH, T0 + timedelta(minutes=8))
    return ticket


def test_the_requester_never_sees_an_internal_note():
    card = status_card(worked_ticket(), for_requester=True)
    serialized = json.dumps(card, ensure_ascii=False)
    assert SECRET not in serialized
    assert "V-991" not in serialized  # pending on a vendor is internal too
    assert "(internal)" not in serialized
    assert "Can you restart and try again?" in serialized


def test_technicians_see_every_event_with_internal_ones_marked():
    text = all_text(status_card(worked_ticket(), for_requester=False))
    assert SECRET in text and "V-991" in text and "Note (internal)" in text


def test_the_status_card_shows_where_the_ticket_stands():
    ticket = make_ticket()
    text = all_text(status_card(ticket, for_requester=True))
    for expected in ("INC-000042", ticket.summary, "New", "Medium", "Unassigned",
                     "{{DATE(2026-11-20T09:30:00Z, SHORT)}}", "{{TIME(2026-11-20T13:30:00Z)}}"):
        assert expected in text, expected


def test_once_answered_the_response_due_says_so():
    ticket = lifecycle.claim(make_ticket(), TECH, T0 + timedelta(minutes=5))
    text = all_text(status_card(ticket, for_requester=True))
    assert "Responded {{DATE(2026-11-20T09:35:00Z, SHORT)}}" in text and "Tom Reyes" in text


def test_a_list_row_shows_reference_summary_status_priority_assignee_and_age():
    tickets = [make_ticket(), make_ticket(number=43, summary="Printer jams", status=Status.ASSIGNED, assignee=TECH)]
    card = ticket_list_card("Your open tickets", tickets, "You have no open tickets.", now=T0 + timedelta(hours=3, minutes=20))
    text = all_text(card)
    for expected in ("Your open tickets", "INC-000042", "VPN drops every few minutes", "New · Medium",
                     "Unassigned · opened 3 hours ago", "INC-000043", "Printer jams", "Assigned · Medium",
                     "Tom Reyes"):
        assert expected in text, expected
    assert "You have no open tickets." not in text


def test_a_young_ticket_is_at_least_a_minute_old_and_without_now_the_date_shows():
    text = all_text(ticket_list_card("Queue", [make_ticket()], "Empty", now=T0 + timedelta(seconds=10)))
    assert "opened 1 minute ago" in text
    assert "opened {{DATE(2026-11-20T09:30:00Z, SHORT)}}" in all_text(ticket_list_card("Queue", [make_ticket()], "x"))


def test_an_empty_list_says_so():
    card = ticket_list_card("Queue", [], "Nothing is waiting in the queue.")
    assert "Nothing is waiting in the queue." in all_text(card)
    assert not [n for n in walk(card) if n.get("type") == "Container"]


def test_a_long_list_is_cut_and_says_how_many_are_left_out():
    tickets = [make_ticket(number=n) for n in range(1, LIST_MAX + 6)]
    card = ticket_list_card("Queue", tickets, "Empty")
    assert len([n for n in walk(card) if n.get("type") == "Container"]) == LIST_MAX
    assert "…and 5 more not shown." in all_text(card)
    assert len(json.dumps(card)) < 28_000


def test_history_shows_desk_events_by_name():
    ticket = with_events(make_ticket(), event("closed", "Closed after 5 business days.", actor=None))
    assert "**Desk** · Closed" in all_text(status_card(ticket, for_requester=True))
