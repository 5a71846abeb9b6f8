"""Triage rules applied to a new ticket: the shipped examples and the all-match semantics."""

from __future__ import annotations

from pathlib import Path

from store.tinydb_store import TinyDbTicketStore
from tests.domain.fakes import FakeClock, RecordingNotifier
from tests.domain.support import SHIPPED, config, opened, utc
from tickets.intake import IntakeDraft
from tickets.model import Actor, Level, Person, Priority, TicketType
from tickets.routing import route
from tickets.service import DeskService

SHIPPED_CONFIG = config()
SALES = Person("user-1", "Ada Employee", department="Sales", job_title="Account manager")
FINANCE = Person("user-2", "Fin Lee", department="finance", job_title="Finance Director")


def draft(summary: str, description: str = "It stopped working this morning.",
          impact: Level = Level.LOW, urgency: Level = Level.LOW) -> IntakeDraft:
    return IntakeDraft(TicketType.INCIDENT, "Account and Access", "Password reset", summary, description,
                       impact, urgency)


def test_a_password_reset_goes_to_the_access_queue() -> None:
    decision = route(draft("Password reset please"), SALES, SHIPPED_CONFIG.routing)
    assert decision.queue == "access"
    assert decision.fired_rule_names == ("password reset",)
    assert decision.priority_floor is None


def test_words_match_whole_words_in_any_case_in_summary_or_description() -> None:
    routing = SHIPPED_CONFIG.routing
    assert route(draft("Sign-in trouble", "My mfa prompt never arrives"), SALES, routing).queue == "access"
    assert route(draft("My passwords expired"), SALES, routing).queue == "access"  # password* in desk.yaml
    assert route(draft("Passport scanner jammed"), SALES, routing).queue is None
    assert route(draft("The MFAX tool crashes"), SALES, routing).queue is None


def test_a_finance_requester_gets_at_least_high_priority() -> None:
    decision = route(draft("Printer offline"), FINANCE, SHIPPED_CONFIG.routing)
    assert decision.priority_floor is Priority.HIGH
    assert decision.raise_priority(Priority.LOW) is Priority.HIGH
    assert decision.raise_priority(Priority.CRITICAL) is Priority.CRITICAL  # never lowered


def test_every_matching_rule_fires_and_the_first_queue_wins() -> None:
    custom = config(queues={"access": {"managers": []}, "vip": {"managers": []}}, routing={"rules": [
        {"name": "password reset", "when": {"words": ["password"]}, "then": {"queue": "access", "tags": ["pw"]}},
        {"name": "directors", "when": {"job_title": "director"},
         "then": {"queue": "vip", "min_priority": "medium", "tags": ["vip", "pw"]}},
        {"name": "finance", "when": {"department": "Finance"}, "then": {"min_priority": "high"}},
        {"name": "finance low", "when": {"department": "Finance"}, "then": {"min_priority": "low"}},
    ]})
    decision = route(draft("password expired"), FINANCE, custom.routing)
    assert decision.fired_rule_names == ("password reset", "directors", "finance", "finance low")
    assert decision.queue == "access"
    assert decision.priority_floor is Priority.HIGH
    assert decision.tags == ("pw", "vip")


def test_first_match_mode_stops_at_the_first_rule() -> None:
    raw = dict(SHIPPED["routing"], match="first")
    decision = route(draft("password expired"), FINANCE, config(routing=raw).routing)
    assert decision.fired_rule_names == ("password reset",)


def test_conditions_on_category_type_and_subcategory_all_have_to_hold() -> None:
    custom = config(queues={"hw": {}}, routing={"rules": [
        {"name": "laptops", "when": {"category": "Hardware", "subcategory": "Laptop or desktop",
                                      "type": "incident"}, "then": {"queue": "hw"}},
    ]})
    ticket = opened(utc(2026, 11, 30, 9))  # Hardware / Laptop or desktop incident
    assert route(ticket, SALES, custom.routing).queue == "hw"
    request = opened(utc(2026, 11, 30, 9), type=TicketType.SERVICE_REQUEST)
    assert route(request, SALES, custom.routing).fired == ()


async def test_opening_a_ticket_applies_the_rules_and_records_them(tmp_path: Path) -> None:
    service = DeskService(TinyDbTicketStore(tmp_path / "tickets.json"), RecordingNotifier(), FakeClock(utc(2026, 11, 30, 17, 30)),
                          SHIPPED_CONFIG)
    ticket = await service.open_ticket(FINANCE, draft("Password reset for SAP"))
    assert (ticket.queue, ticket.priority, ticket.tags) == ("access", Priority.HIGH, ("access",))
    routed = [e for e in ticket.history if e.kind == "routed"]
    assert [e.data["rule"] for e in routed] == ["password reset", "finance priority"]
    assert all(e.visibility.value == "internal" for e in routed)
    # High on business hours: opened Monday 17:30, 30 minutes today, the rest on Tuesday.
    assert (ticket.response_due, ticket.resolution_due) == (utc(2026, 12, 1, 8, 30), utc(2026, 12, 1, 15, 30))

    plain = await service.open_ticket(SALES, draft("Monitor flickers"))
    assert (plain.queue, plain.priority, plain.tags) == ("default", Priority.LOW, ())
    assert [e.kind for e in plain.history] == ["opened"]
    assert (await service.queue(Actor(SALES, is_technician=True), "access")) == [ticket]
