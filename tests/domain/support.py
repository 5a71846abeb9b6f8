"""A desk configuration for domain tests, built from the shipped desk.yaml plus overrides."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from tickets.desk_config import DeskConfig, parse_desk_config
from tickets.model import Event, Level, Person, Priority, Ticket, TicketType, Visibility

REPO = Path(__file__).resolve().parents[2]
SHIPPED: dict[str, Any] = yaml.safe_load((REPO / "desk.yaml").read_text("utf-8"))
LONDON = {"timezone": "Europe/London", "days": ["mon", "tue", "wed", "thu", "fri"],
          "start": "08:00", "end": "18:00", "holidays": ["2026-12-25"]}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def config(**sections: Any) -> DeskConfig:
    """The shipped configuration with whole top-level sections replaced (`sla={...}`)."""
    raw = copy.deepcopy(SHIPPED)
    raw["business_hours"] = LONDON
    raw.update(sections)
    return parse_desk_config(raw, "test-desk.yaml")


def opened(at: datetime, priority: Priority = Priority.HIGH, **fields: Any) -> Ticket:
    """A ticket as the service opens it: one `opened` event at `at`."""
    requester = fields.pop("requester", Person("user-1", "Ada Employee", department="Sales"))
    ticket = Ticket(
        type=fields.pop("type", TicketType.INCIDENT), category="Hardware", subcategory="Laptop or desktop",
        summary=fields.pop("summary", "Laptop does not start"), description="Nothing happens.",
        impact=Level.MEDIUM, urgency=Level.MEDIUM, priority=priority, requester=requester,
        created_at=at, updated_at=at, number=1,
        history=(Event(at, requester, "opened", Visibility.PUBLIC, "Laptop does not start"),),
    )
    return replace(ticket, **fields)


TECH = Person("tech-1", "Tess Tech", department="IT", job_title="Technician")
