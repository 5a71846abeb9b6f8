"""Small builders and readers for the card tests: real domain objects, sensible defaults."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tickets.model import Event, Level, Person, Priority, Ticket, TicketType, Visibility
from tickets.taxonomy import Category, Taxonomy

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
REQUESTER = Person("aad-ana", "Ana Lopez", "ana@example.com", "Finance")
TECH = Person("aad-tom", "Tom Reyes", "tom@example.com", "IT")

TAXONOMY = Taxonomy((
    Category("Hardware", ("Laptop or desktop", "Printer or scanner")),
    Category("Network/Connectivity", ("VPN", "Wi-Fi")),
))


def make_ticket(**changes: object) -> Ticket:
    ticket = Ticket(
        type=TicketType.INCIDENT, category="Network/Connectivity", subcategory="VPN",
        summary="VPN drops every few minutes", description="Since Monday the VPN disconnects.",
        impact=Level.LOW, urgency=Level.HIGH, priority=Priority.MEDIUM, requester=REQUESTER,
        created_at=T0, updated_at=T0, number=42, response_due=T0 + timedelta(hours=4),
        history=(Event(T0, REQUESTER, "opened", Visibility.PUBLIC, "VPN drops every few minutes"),),
    )
    return replace(ticket, **changes)


def with_events(ticket: Ticket, *events: Event) -> Ticket:
    return replace(ticket, history=ticket.history + events)


def event(kind: str, text: str, *, visibility: Visibility = Visibility.PUBLIC, actor: Person | None = TECH,
          minutes: int = 5) -> Event:
    return Event(T0 + timedelta(minutes=minutes), actor, kind, visibility, text)


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a card, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def all_text(card: dict[str, Any]) -> str:
    """Everything a reader could see: texts, fact titles and values, choice titles, labels."""
    parts = []
    for node in walk(card):
        for key in ("text", "title", "value", "label", "placeholder"):
            if isinstance(node.get(key), str):
                parts.append(node[key])
    return "\n".join(parts)
