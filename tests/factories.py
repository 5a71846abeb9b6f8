"""Valid domain objects for tests, with aware UTC datetimes.

    make_ticket()                         a New incident, nothing optional set, number 0 (not stored)
    make_ticket(queue="network", tags=("vpn",))   any Ticket field can be overridden
    make_person("tech-1", "Tess Tech")    a Person with a derived email
    make_full_ticket()                    every optional field set: assignee, thread, history, SLA, ...
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tickets.model import (
    Event,
    Level,
    PendingOn,
    Person,
    Priority,
    Status,
    ThreadRef,
    Ticket,
    TicketType,
    Visibility,
)

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)  # a Monday morning


def make_person(person_id: str = "user-1", name: str = "Ada Employee", **overrides: Any) -> Person:
    email = f"{person_id}@contoso.example"
    return replace(Person(person_id, name, email, "Finance", "Analyst"), **overrides)


def make_ticket(**overrides: Any) -> Ticket:
    ticket = Ticket(
        type=TicketType.INCIDENT,
        category="Hardware",
        subcategory="Laptop",
        summary="Laptop does not start",
        description="Pressing the power button does nothing since this morning.",
        impact=Level.MEDIUM,
        urgency=Level.MEDIUM,
        priority=Priority.MEDIUM,
        requester=make_person(),
        created_at=T0,
        updated_at=T0,
    )
    return replace(ticket, **overrides)


def make_full_ticket(**overrides: Any) -> Ticket:
    """A ticket that exercises every field a store must keep."""
    tech = make_person("tech-1", "Tess Tech", department="IT", job_title="Technician")
    requester = make_person()
    history = (
        Event(T0, requester, "opened", Visibility.PUBLIC, "Laptop does not start"),
        Event(T0 + timedelta(minutes=5), tech, "claimed", Visibility.PUBLIC, "Tess Tech picked this up."),
        Event(T0 + timedelta(minutes=9), tech, "assigned", Visibility.INTERNAL, "", {"assignee": "tech-1", "from": ""}),
        Event(T0 + timedelta(hours=1, microseconds=123456), None, "sla.warning", Visibility.INTERNAL,
              "Response due soon", {"threshold": "75%"}),
    )
    return make_ticket(
        type=TicketType.CHANGE,
        status=Status.PENDING,
        pending_on=PendingOn.VENDOR,
        impact=Level.HIGH,
        urgency=Level.LOW,
        priority=Priority.HIGH,
        requester=requester,
        assignee=tech,
        queue="network",
        tier=2,
        device="ThinkPad X1 Carbon",
        operating_system="Windows 11 23H2",
        error_text="0xC000021A «critical process died»",
        tags=("vpn", "vip"),
        updated_at=T0 + timedelta(hours=1, microseconds=123456),
        first_response_at=T0 + timedelta(minutes=5),
        resolved_at=T0 + timedelta(hours=3),
        closed_at=T0 + timedelta(days=2),
        response_due=T0 + timedelta(hours=1),
        resolution_due=T0 + timedelta(hours=8),
        sla_announced=("response:75", "response:100"),
        sla_next_at=T0 + timedelta(hours=6),
        channel_thread=ThreadRef("19:abc@thread.tacv2;messageid=1700000000000", "1700000000000"),
        history=history,
        **overrides,
    )
