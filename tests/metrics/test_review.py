"""The weekly review of a queue: open, stalled, breached, recurring, and articles that failed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.domain.support import config, utc
from tests.metrics.desk_week import END, desk_deflections, desk_tickets
from tickets import lifecycle as lc
from tickets.model import Event, Visibility
from tickets.review import review_key, scheduled_review, weekly_review

CONFIG = config()
NOW = utc(2026, 11, 23, 9)  # Monday 09:00 London, posting time; last week is the hand-built one


BREACHES = {2: ("response", utc(2026, 11, 17, 8)), 7: ("resolution", utc(2026, 11, 20, 17)),
            11: ("resolution", utc(2026, 11, 17, 17)), 6: ("resolution", utc(2026, 11, 13, 17))}


def with_breaches(tickets):
    """The breach events the SLA watcher recorded (at the due times worked out in desk_week.py)."""
    marked = []
    for ticket in tickets:
        if ticket.number in BREACHES:
            clock, at = BREACHES[ticket.number]
            event = Event(at, None, "sla_breach", Visibility.INTERNAL, "breached", {"clock": clock})
            ticket = replace(ticket, history=tuple(sorted((*ticket.history, event), key=lambda e: e.at)))
        marked.append(ticket)
    return marked


def test_the_review_lists_open_stalled_breaches_recurring_and_failed_articles():
    review = weekly_review(with_breaches(desk_tickets()), desk_deflections(), CONFIG, END, NOW, stalled_after=3)
    assert [t.number for t in review.open] == [6, 11, 7, 5, 9]  # oldest first; 11 is resolved later (10:00)
    # Ticket 6: nobody has touched it since Fri 13 09:20; 11 was claimed Tue 17 09:10 (4 business days)
    assert [(s.ticket.number, s.last_activity) for s in review.stalled] == [
        (6, utc(2026, 11, 13, 9, 20)), (11, utc(2026, 11, 17, 9, 10))]
    assert review.stalled_after == "3 business days"
    # ticket 6 breached the week before, so it is not one of last week's breaches
    assert [(b.ticket.number, b.clock) for b in review.breaches] == [(2, "response"), (11, "resolution"),
                                                                      (7, "resolution")]
    assert review.recurring == [("Hardware", "Laptop or desktop", 4), ("Network/Connectivity", "VPN", 2)]
    assert review.failed_articles == [("vpn-keeps-dropping", 1), ("wifi-connection-problems", 1)]
    assert review.deflection.solved == 2


def test_a_queue_review_sees_only_its_tickets():
    review = weekly_review(desk_tickets(), [], CONFIG, END, NOW, queue="access")
    assert review.open == [] and review.recurring == [] and review.queue == "access"


def test_stalled_counts_people_not_the_desks_own_reminders():
    ticket = desk_tickets()[6]  # ticket 7, claimed Fri 20 09:20
    reminded = lc.record(ticket, replace(ticket.history[-1], at=utc(2026, 11, 26, 9), actor=None, kind="sla_warning"))
    review = weekly_review([reminded], [], CONFIG, END, utc(2026, 11, 26, 10), stalled_after=timedelta(hours=30))
    assert [s.ticket.number for s in review.stalled] == [7]


def test_the_schedule_is_monday_nine_in_the_desks_zone():
    # London summer time: 09:00 local is 08:00 UTC
    assert scheduled_review(utc(2027, 6, 9, 12), "Europe/London") == (utc(2027, 6, 7, 8), utc(2027, 6, 6, 23))
    # before Monday 09:00 the latest posting moment is the week before
    assert scheduled_review(utc(2026, 11, 23, 8, 59), "Europe/London")[0] == utc(2026, 11, 16, 9)
    assert scheduled_review(NOW, "Europe/London") == (NOW, END)
    assert review_key("default", END) == "weekly-review:default:2026-11-23T00:00Z"
