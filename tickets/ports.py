"""What the domain needs from the outside world. `app.py` picks the implementations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tickets.kb.article import Article, SearchHit
from tickets.kb.deflection import DeflectionEvent
from tickets.model import Event, Person, Status, Ticket


@dataclass(frozen=True)
class TicketQuery:
    """Filters a store applies together; results come oldest first."""

    requester_id: str | None = None
    assignee_id: str | None = None
    queue: str | None = None
    open_only: bool = False
    unassigned_only: bool = False
    statuses: frozenset[Status] | None = None
    due_before: datetime | None = None  # only tickets whose sla_next_at is at or before this time
    limit: int | None = None


class TicketStore(Protocol):
    async def create(self, ticket: Ticket, idempotency_key: str | None = None) -> Ticket:
        """Save a new ticket; the store gives it its number (never reused) and version 1.

        With an `idempotency_key` seen before, returns the ticket made then and creates nothing.
        """

    async def get(self, number: int) -> Ticket:
        """The ticket with this number; raises `TicketNotFound`."""

    async def save(self, ticket: Ticket) -> Ticket:
        """Replace the stored ticket if its version is still `ticket.version`; returns it with the
        next version. Raises `VersionConflict` if it changed meanwhile, `TicketNotFound` if absent."""

    async def find(self, query: TicketQuery) -> list[Ticket]:
        """Tickets matching every filter of `query`, oldest first."""


class StateStore(Protocol):
    """Small JSON documents by key: conversation references, desk bindings, dialog state."""

    async def read(self, keys: list[str]) -> dict[str, dict]:
        """The documents that exist among `keys`; missing keys are simply absent."""

    async def write(self, documents: dict[str, dict]) -> None:
        """Store every document, all or nothing."""

    async def delete(self, keys: list[str]) -> None:
        """Remove the keys; absent keys are ignored."""


class LeaseLost(Exception):
    """The lease ran out while its work was running (storage unreachable too long); the work was cancelled."""


class Lease(Protocol):
    """Named work that runs on one instance at a time: the SLA watch, the weekly review.

    An instance that takes a lease keeps it (renewed in the background) until `close()` or until it
    dies; another instance then takes it at its next attempt."""

    async def run_exclusively(self, name: str, work: Callable[[], Awaitable[object]]) -> bool:
        """Run `work()` here if this instance holds the lease `name` or can take it now, and return True.
        Return False, without calling `work`, while another instance holds it. Raises `LeaseLost` (after
        cancelling `work`) if the lease is lost meanwhile; errors of `work` or of the storage propagate."""

    async def close(self) -> None:
        """Release every lease this instance holds, so another instance can take over at once."""


class Notifier(Protocol):
    async def ticket_changed(self, ticket: Ticket, events: Sequence[Event]) -> None:
        """Tell the people concerned (channel card, thread, requester) about the events one change
        added to the ticket, oldest first. Must not raise."""


class Directory(Protocol):
    async def lookup(self, person_id: str) -> Person | None:
        """Department, job title and the like for a user id; None when unknown."""


class KnowledgeBase(Protocol):
    """Articles employees can help themselves with; search sees published articles only."""

    async def search(self, text: str, limit: int = 3) -> list[SearchHit]:
        """The best matches, best first, at most `limit`; empty when nothing is relevant enough."""

    async def get(self, article_id: str) -> Article:
        """The article, draft or published; raises `ArticleNotFound`."""

    async def drafts(self) -> list[Article]:
        """Drafts waiting to be published, by id."""

    async def save_draft(self, article: Article) -> Article:
        """Store `article` as a new draft and return it with its id: `article.id` (or a slug of its
        title) made unique with `-2`, `-3`... Never replaces an existing article."""

    async def publish(self, article_id: str) -> Article:
        """Make the article searchable and return it; already published: unchanged. Raises
        `ArticleNotFound`."""


class DeflectionLog(Protocol):
    """Answers to knowledge-base suggestions, kept apart from tickets (a solved one has none)."""

    async def record(self, event: DeflectionEvent) -> None:
        """Append the event, durably."""

    async def list(self, since: datetime | None = None) -> list[DeflectionEvent]:
        """Events at or after `since` (all when None), oldest first."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
