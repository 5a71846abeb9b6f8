"""Fakes for the service's ports: they implement the same interfaces, in memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

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
        found = [
            t for t in self.tickets.values()
            if (query.requester_id is None or t.requester.id == query.requester_id)
            and (query.assignee_id is None or (t.assignee and t.assignee.id == query.assignee_id))
            and (query.queue is None or t.queue == query.queue)
            and (not query.open_only or t.status.is_open)
            and (not query.unassigned_only or t.assignee is None)
        ]
        return found[: query.limit] if query.limit else found


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
