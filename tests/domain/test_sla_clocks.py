"""SLA clocks from a ticket's history: business time, pauses while pending, reopening."""

from __future__ import annotations

from datetime import timedelta

from tests.domain.support import TECH, config, opened, utc
from tickets import lifecycle, sla
from tickets.model import PendingOn, Priority, Status, TicketType

CONFIG = config()  # London 08:00-18:00 Mon-Fri; High 1h / 8h business; Critical 15m / 4h 24x7
H = timedelta(hours=1)


def test_due_times_count_working_hours_only() -> None:
    # Opened Monday 17:30: 30 minutes left today, the rest on Tuesday.
    ticket = opened(utc(2026, 11, 30, 17, 30), Priority.HIGH)
    assert sla.due_times(ticket, CONFIG, ticket.created_at) == (utc(2026, 12, 1, 8, 30), utc(2026, 12, 1, 15, 30))


def test_a_ticket_opened_at_the_weekend_is_due_from_monday_morning() -> None:
    ticket = opened(utc(2026, 11, 28, 22), Priority.HIGH)
    response_due, resolution_due = sla.due_times(ticket, CONFIG, ticket.created_at)
    assert response_due == utc(2026, 11, 30, 9)
    assert resolution_due == utc(2026, 11, 30, 16)


def test_critical_runs_round_the_clock() -> None:
    ticket = opened(utc(2026, 11, 28, 22), Priority.CRITICAL)  # Saturday night
    assert sla.due_times(ticket, CONFIG, ticket.created_at) == (utc(2026, 11, 28, 22, 15), utc(2026, 11, 29, 2))


def test_business_days_in_a_target_are_working_days() -> None:
    # Medium resolution 3d = three 10-hour working days; opened Monday 09:00 -> Thursday 09:00.
    ticket = opened(utc(2026, 11, 30, 9), Priority.MEDIUM)
    assert sla.due_times(ticket, CONFIG, ticket.created_at)[1] == utc(2026, 12, 3, 9)


def test_the_response_clock_stops_at_the_claim() -> None:
    ticket = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    claimed = lifecycle.claim(ticket, TECH, utc(2026, 11, 30, 9, 40))
    state = sla.sla_state(claimed, CONFIG, utc(2026, 11, 30, 14))
    assert state.response.stopped and not state.response.breached
    assert state.response.elapsed == timedelta(minutes=40)
    assert state.resolution.running and state.resolution.elapsed == 5 * H


def test_a_late_first_response_stays_breached() -> None:
    ticket = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    claimed = lifecycle.claim(ticket, TECH, utc(2026, 11, 30, 11))
    state = sla.sla_state(claimed, CONFIG, utc(2026, 11, 30, 12))
    assert state.response.breached and state.response.left == -H


def test_pending_pauses_the_clock_and_resuming_restarts_it() -> None:
    # Medium: resolution 30 working hours. Opened Monday 09:00, pending from 10:00 to Tuesday 10:00:
    # the pause holds 10 working hours, so the due time moves from Thursday 09:00 to Friday 09:00.
    ticket = opened(utc(2026, 11, 30, 9), Priority.MEDIUM)
    ticket = lifecycle.claim(ticket, TECH, utc(2026, 11, 30, 9, 30))
    ticket = lifecycle.pend(ticket, PendingOn.REQUESTER, "Which laptop?", TECH, utc(2026, 11, 30, 10))

    paused = sla.sla_state(ticket, CONFIG, utc(2026, 12, 1, 9))
    assert paused.resolution.paused and paused.resolution.elapsed == H
    assert sla.sla_state(ticket, CONFIG, utc(2026, 12, 1, 9, 59)).resolution.elapsed == H

    ticket = lifecycle.resume(ticket, None, utc(2026, 12, 1, 10), "The requester answered.")
    state = sla.sla_state(ticket, CONFIG, utc(2026, 12, 1, 12))
    assert state.resolution.running and state.resolution.elapsed == 3 * H
    assert state.resolution.due == utc(2026, 12, 4, 9)
    assert sla.time_left(ticket, CONFIG, utc(2026, 12, 1, 12))[1] == 27 * H


def test_pending_on_a_vendor_pauses_too() -> None:
    ticket = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    ticket = lifecycle.claim(ticket, TECH, utc(2026, 11, 30, 9, 5))
    ticket = lifecycle.pend(ticket, PendingOn.VENDOR, "Waiting for Dell", TECH, utc(2026, 11, 30, 10))
    state = sla.sla_state(ticket, CONFIG, utc(2026, 12, 2, 10))
    assert state.resolution.paused and state.resolution.elapsed == H
    # While paused the due time is where it would land if work resumed now.
    assert state.resolution.due == utc(2026, 12, 2, 17)


def test_resolving_stops_the_clock_and_reopening_resumes_it() -> None:
    ticket = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    ticket = lifecycle.claim(ticket, TECH, utc(2026, 11, 30, 9, 5))
    ticket = lifecycle.resolve(ticket, "Replaced the charger.", TECH, utc(2026, 11, 30, 12))
    resolved = sla.sla_state(ticket, CONFIG, utc(2026, 12, 2, 12))
    assert resolved.resolution.stopped and resolved.resolution.elapsed == 3 * H

    ticket = lifecycle.reopen(ticket, "It broke again.", ticket.requester, utc(2026, 12, 2, 12))
    state = sla.sla_state(ticket, CONFIG, utc(2026, 12, 2, 14))
    assert ticket.status is Status.REOPENED
    assert state.resolution.running and state.resolution.elapsed == 5 * H
    assert state.resolution.due == utc(2026, 12, 2, 17)  # 3 hours left from 14:00
    assert state.response.stopped  # the first response was long ago


def test_warned_and_breached_follow_the_fraction_used() -> None:
    ticket = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    early = sla.sla_state(ticket, CONFIG, utc(2026, 11, 30, 9, 30)).response
    late = sla.sla_state(ticket, CONFIG, utc(2026, 11, 30, 9, 45)).response
    over = sla.sla_state(ticket, CONFIG, utc(2026, 11, 30, 10, 30)).response
    assert (early.fraction, early.warned, early.breached) == (0.5, False, False)
    assert (late.warned, late.breached) == (True, False)
    assert (over.fraction, over.breached) == (1.5, True)


def test_with_due_times_stores_the_due_times_on_the_ticket() -> None:
    ticket = sla.with_due_times(opened(utc(2026, 11, 30, 17, 30)), CONFIG, utc(2026, 11, 30, 17, 30))
    assert (ticket.response_due, ticket.resolution_due) == (utc(2026, 12, 1, 8, 30), utc(2026, 12, 1, 15, 30))


def test_per_type_targets_replace_the_priority_targets() -> None:
    custom = config(sla={"types": {"service_request": {"high": {"response": "2h", "resolution": "1d"}}}})
    request = opened(utc(2026, 11, 30, 9), Priority.HIGH, type=TicketType.SERVICE_REQUEST)
    incident = opened(utc(2026, 11, 30, 9), Priority.HIGH)
    # 1d = one 10-hour working day: 9 hours on Monday, 1 on Tuesday.
    assert sla.due_times(request, custom, request.created_at) == (utc(2026, 11, 30, 11), utc(2026, 12, 1, 9))
    assert sla.due_times(incident, custom, incident.created_at) == (utc(2026, 11, 30, 10), utc(2026, 11, 30, 17))
