"""The card's SLA lines: time left, paused, met, breached, and the badge."""

from __future__ import annotations

from datetime import timedelta

from cards.sla import breach_badge, clock_text, span
from cards.technician import technician_card
from tests.domain.support import TECH, config, opened, utc
from tickets import lifecycle
from tickets.model import PendingOn, Priority
from tickets.sla import sla_state

CFG = config(sla={"priorities": {"critical": {"response": "15m", "resolution": "4h", "calendar": "24x7"}}})
T0 = utc(2026, 11, 27, 10, 0)


def test_span_reads_like_a_person_would_say_it() -> None:
    assert span(timedelta(seconds=20)) == "under a minute"
    assert span(timedelta(minutes=12)) == "12 min"
    assert span(timedelta(hours=3, minutes=5)) == "3 h 5 min"
    assert span(timedelta(days=2, hours=4, minutes=9)) == "2 d 4 h"
    assert span(timedelta(minutes=-7)) == "7 min"


def test_time_left_then_breached_with_a_badge(assert_valid_card) -> None:  # noqa: ANN001
    ticket = opened(T0, Priority.CRITICAL)
    early = sla_state(ticket, CFG, T0 + timedelta(minutes=5))
    assert "10 min left" in clock_text(early.response)
    assert breach_badge(early) is None
    late = sla_state(ticket, CFG, T0 + timedelta(minutes=20))
    assert "5 min over" in clock_text(late.response)
    assert "SLA breached" in str(breach_badge(late))
    card = technician_card(ticket, actions=False, technician_ids=[], sla=late)
    assert "SLA breached" in str(card) and "Response SLA" in str(card)
    assert_valid_card(card)


def test_met_when_responded_in_time_and_paused_while_pending() -> None:
    ticket = lifecycle.claim(opened(T0, Priority.CRITICAL), TECH, T0 + timedelta(minutes=3))
    assert clock_text(sla_state(ticket, CFG, T0 + timedelta(hours=1)).response) == "Met"
    waiting = lifecycle.pend(ticket, PendingOn.VENDOR, "RMA", TECH, T0 + timedelta(minutes=4))
    assert "paused" in clock_text(sla_state(waiting, CFG, T0 + timedelta(hours=1)).resolution)
