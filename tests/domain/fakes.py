"""Fakes for the service's ports: they implement the same interfaces, in memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from store.query import select
from tickets.errors import TicketNotFound, VersionConflict
from tickets.model import Event, Ticket
from tickets.ports import TicketQuery


class MemoryTicketStore:
    def __init__(self) -> None:
        self.tickets: dict[int, Ticket] = {}
        self.keys: dict[str, int] = {}

    async def create(self, ticket: Ticket, idempotency_key: str | None = None) -> Ticket:
        if idempotency_key in self.keys:
            return self.tickets[self.keys[idempotency_key]]
        stored = replace(ticket, number=len(self.tickets) + 1, version=1)
        self.tickets[stored.number] = stored
        if idempotency_key:
            self.keys[idempotency_key] = stored.number
        return stored

    async def get(self, number: int) -> Ticket:
        if number not in self.tickets:
            raise TicketNotFound(str(number))
        return self.tickets[number]

    async def save(self, ticket: Ticket) -> Ticket:
        current = await self.get(ticket.number)
        if current.version != ticket.version:
            raise VersionConflict(ticket.number)
        self.tickets[ticket.number] = replace(ticket, version=ticket.version + 1)
        return self.tickets[ticket.number]

    async def find(self, query: TicketQuery) -> list[Ticket]:
        return select(self.tickets.values(), query)


class RecordingNotifier:
    def __init__(self) -> None:
        self.events: list[tuple[str, Event]] = []

    async def ticket_changed(self, ticket: Ticket, events: Sequence[Event]) -> None:
        self.events.extend((ticket.reference, event) for event in events)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)
