"""What the desk announces about a ticket's SLA, each threshold exactly once."""

from __future__ import annotations

from datetime import timedelta

from tests.domain.support import TECH, config, opened, utc
from tickets import lifecycle, sla
from tickets.model import PendingOn, Priority, Status, Visibility

CONFIG = config()  # Critical 15m / 4h round the clock, warn at 75%
SECONDS = config(sla={"warn_at": 0.5, "waiting_calendar": "24x7", "pending_reminder": "30s",
                      "pending_autoclose": "90s", "resolved_autoclose": "60s",
                      "priorities": {"critical": {"response": "10s", "resolution": "40s", "calendar": "24x7"}}})
T = utc(2026, 11, 28, 10)  # a Saturday: only 24x7 clocks move


def keys(announcements: list[sla.Announcement]) -> list[str]:
    return [a.key for a in announcements]


def test_an_unclaimed_critical_ticket_is_warned_then_breached_once_each() -> None:
    ticket = opened(T, Priority.CRITICAL)
    warn_time = T + timedelta(minutes=11, seconds=15)
    assert sla.next_deadline(ticket, CONFIG) == warn_time
    assert sla.due_announcements(ticket, CONFIG, warn_time - timedelta(seconds=1)) == []

    due = sla.due_announcements(ticket, CONFIG, warn_time)
    assert keys(due) == ["response:warn"] and due[0].due == warn_time
    ticket = sla.mark_announced(ticket, due, warn_time)
    assert ticket.sla_announced == ("response:warn",)
    assert ticket.history[-1].kind == "sla_warning" and ticket.history[-1].actor is None
    assert sla.due_announcements(ticket, CONFIG, warn_time + timedelta(minutes=2)) == []
    assert sla.next_deadline(ticket, CONFIG) == T + timedelta(minutes=15)

    breach_time = T + timedelta(minutes=15)
    due = sla.due_announcements(ticket, CONFIG, breach_time)
    assert keys(due) == ["response:breach"]
    ticket = sla.mark_announced(ticket, due, breach_time)
    assert ticket.history[-1].kind == "sla_breach"
    assert sla.due_announcements(ticket, CONFIG, breach_time + timedelta(minutes=30)) == []
    # Next: the resolution warning at 3 hours.
    assert sla.next_deadline(ticket, CONFIG) == T + timedelta(hours=3)


def test_marking_twice_changes_nothing_the_second_time() -> None:
    ticket = opened(T, Priority.CRITICAL)
    now = T + timedelta(minutes=12)
    due = sla.due_announcements(ticket, CONFIG, now)
    once = sla.mark_announced(ticket, due, now)
    assert sla.mark_announced(once, due, now) == once


def test_after_a_long_outage_only_the_breach_is_announced_and_it_covers_the_warning() -> None:
    ticket = opened(T, Priority.CRITICAL)
    now = T + timedelta(minutes=40)
    due = sla.due_announcements(ticket, CONFIG, now)
    assert keys(due) == ["response:breach"]
    ticket = sla.mark_announced(ticket, due, now)
    assert set(ticket.sla_announced) == {"response:breach", "response:warn"}
    assert [e.kind for e in ticket.history].count("sla_warning") == 0
    assert sla.due_announcements(ticket, CONFIG, now) == []


def test_a_claimed_ticket_gets_no_response_alerts() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T + timedelta(minutes=5))
    assert sla.due_announcements(ticket, CONFIG, T + timedelta(minutes=20)) == []
    assert sla.next_deadline(ticket, CONFIG) == T + timedelta(hours=3)


def test_an_update_that_is_not_a_status_change_does_not_repeat_an_announcement() -> None:
    ticket = opened(T, Priority.CRITICAL)
    now = T + timedelta(minutes=12)
    ticket = sla.mark_announced(ticket, sla.due_announcements(ticket, CONFIG, now), now)
    ticket = lifecycle.comment(ticket, "Any news?", ticket.requester, now, Visibility.PUBLIC)
    assert sla.due_announcements(ticket, CONFIG, now + timedelta(minutes=1)) == []


def test_a_paused_clock_has_no_deadline_until_it_resumes() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T + timedelta(minutes=1))
    ticket = lifecycle.pend(ticket, PendingOn.VENDOR, "Waiting for the ISP", TECH, T + timedelta(hours=1))
    assert sla.next_deadline(ticket, CONFIG) is None
    assert sla.due_announcements(ticket, CONFIG, T + timedelta(days=2)) == []
    ticket = lifecycle.resume(ticket, TECH, T + timedelta(hours=5), "The ISP fixed the line.")
    assert sla.next_deadline(ticket, CONFIG) == T + timedelta(hours=7)  # 3h of the clock = 1h + 2h more


def test_a_pending_ticket_is_reminded_then_closed() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T + timedelta(seconds=2))
    pended_at = T + timedelta(seconds=5)
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Can you send a photo?", TECH, pended_at)
    assert sla.next_deadline(ticket, SECONDS) == pended_at + timedelta(seconds=30)

    due = sla.due_announcements(ticket, SECONDS, pended_at + timedelta(seconds=30))
    assert keys(due) == ["pending:remind:1"]
    ticket = sla.mark_announced(ticket, due, pended_at + timedelta(seconds=30))
    event = ticket.history[-1]
    assert (event.kind, event.visibility.value, event.actor) == ("pending_reminder", "public", None)
    assert sla.due_announcements(ticket, SECONDS, pended_at + timedelta(seconds=59)) == []

    due = sla.due_announcements(ticket, SECONDS, pended_at + timedelta(seconds=60))
    assert keys(due) == ["pending:remind:2"]
    ticket = sla.mark_announced(ticket, due, pended_at + timedelta(seconds=60))
    assert sla.next_deadline(ticket, SECONDS) == pended_at + timedelta(seconds=90)

    due = sla.due_announcements(ticket, SECONDS, pended_at + timedelta(seconds=90))
    assert keys(due) == ["pending:autoclose"]
    closed = sla.mark_announced(ticket, due, pended_at + timedelta(seconds=90))
    assert closed.status is Status.CLOSED and closed.history[-1].kind == "closed"
    assert "no reply" in closed.history[-1].text
    assert sla.due_announcements(closed, SECONDS, pended_at + timedelta(hours=1)) == []
    assert sla.next_deadline(closed, SECONDS) is None


def test_a_new_pending_period_starts_its_reminders_again() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T)
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Photo?", TECH, T)
    ticket = sla.mark_announced(ticket, sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=31)),
                                T + timedelta(seconds=31))
    ticket = lifecycle.resume(ticket, ticket.requester, T + timedelta(seconds=40), "Here it is.")
    assert sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=41)) == []
    again = T + timedelta(seconds=50)
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "And the serial number?", TECH, again)
    assert sla.next_deadline(ticket, SECONDS) <= again + timedelta(seconds=30)
    due = sla.due_announcements(ticket, SECONDS, again + timedelta(seconds=30))
    assert [a for a in keys(due) if a.startswith("pending")] == ["pending:remind:2"]
    assert [a.ordinal for a in due if a.clock == "pending"] == [1]


def test_missed_reminders_are_not_sent_in_a_burst() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T)
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Photo?", TECH, T)
    due = [a for a in sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=75)) if a.clock == "pending"]
    assert [(a.key, a.ordinal) for a in due] == [("pending:remind:1", 2)]
    ticket = sla.mark_announced(ticket, due, T + timedelta(seconds=75))
    assert [a for a in sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=80)) if a.clock == "pending"] == []


def test_pending_on_a_vendor_is_never_reminded_or_closed() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T)
    ticket = lifecycle.pend(ticket, PendingOn.VENDOR, "Waiting for Dell", TECH, T)
    assert sla.due_announcements(ticket, SECONDS, T + timedelta(days=30)) == []


def test_a_resolved_ticket_nobody_confirms_is_closed_after_the_period() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T)
    ticket = lifecycle.resolve(ticket, "Reset the router.", TECH, T + timedelta(seconds=20))
    assert sla.next_deadline(ticket, SECONDS) == T + timedelta(seconds=80)
    assert sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=79)) == []
    due = sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=80))
    assert keys(due) == ["resolved:autoclose"]
    closed = sla.mark_announced(ticket, due, T + timedelta(seconds=80))
    assert closed.status is Status.CLOSED


def test_an_autoclose_no_longer_applies_once_the_requester_answered() -> None:
    ticket = lifecycle.claim(opened(T, Priority.CRITICAL), TECH, T)
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Photo?", TECH, T)
    due = sla.due_announcements(ticket, SECONDS, T + timedelta(seconds=95))
    answered = lifecycle.resume(ticket, ticket.requester, T + timedelta(seconds=94), "Here it is.")
    assert sla.mark_announced(answered, due, T + timedelta(seconds=95)).status is Status.IN_PROGRESS


def test_pending_reminders_count_business_days() -> None:
    # Pending from Thursday 15:00; 2 business days of 10 hours: Thu 3h + Fri 10h + Mon 7h.
    ticket = lifecycle.claim(opened(utc(2026, 11, 26, 14), Priority.HIGH), TECH, utc(2026, 11, 26, 14))
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Photo?", TECH, utc(2026, 11, 26, 15))
    assert sla.next_deadline(ticket, CONFIG) == utc(2026, 11, 30, 15)
    due = sla.due_announcements(ticket, CONFIG, utc(2026, 12, 3, 15))  # 5 business days on
    assert keys(due) == ["pending:autoclose"]
    assert "5 business days" in due[0].text
