"""SLA clocks as a card shows them: due time, time left, met or breached."""

from __future__ import annotations

from datetime import timedelta

from cards import text
from cards.elements import Element, text_block, when
from tickets.model import Ticket
from tickets.sla import ClockState, SlaState


def span(delta: timedelta) -> str:
    """A rough, readable length: `under a minute`, `12 min`, `3 h 5 min`, `2 d 4 h`."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return text.SLA_UNDER_A_MINUTE
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes and not days else ""]
    return " ".join(p for p in parts if p)


def clock_text(clock: ClockState) -> str:
    if clock.stopped:
        return text.SLA_MISSED if clock.breached else text.SLA_MET
    if clock.breached:
        return text.SLA_BREACHED_AGO.format(due=when(clock.due), ago=span(clock.left))
    left = text.SLA_LEFT.format(due=when(clock.due), left=span(clock.left))
    return f"{left} {text.SLA_PAUSED}" if clock.paused else left


def sla_facts(state: SlaState) -> list[tuple[str, str]]:
    return [(text.FACT_RESPONSE_SLA, clock_text(state.response)),
            (text.FACT_RESOLUTION_SLA, clock_text(state.resolution))]


def breach_badge(state: SlaState | None) -> Element | None:
    """A red line at the top of a card whose clock ran out and still runs."""
    breached = [c for c in (state.response, state.resolution) if c.breached and not c.stopped] if state else []
    if not breached:
        return None
    return text_block(text.SLA_BADGE, color="attention", weight="bolder", size="medium")


def routed_by(ticket: Ticket) -> str:
    """The routing rules that fired at intake, from the history (they stay on the card for good)."""
    return ", ".join(e.data.get("rule", "") for e in ticket.history if e.kind == "routed" and e.data.get("rule"))
