"""The ticket and its parts: plain, immutable values.

Every change to a ticket produces a new `Ticket` (see `lifecycle.py`); the history only grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class TicketType(StrEnum):
    INCIDENT = "incident"
    SERVICE_REQUEST = "service_request"
    CHANGE = "change"

    @property
    def prefix(self) -> str:
        return _PREFIXES[self]

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]


_PREFIXES = {TicketType.INCIDENT: "INC", TicketType.SERVICE_REQUEST: "REQ", TicketType.CHANGE: "CHG"}
_TYPE_LABELS = {
    TicketType.INCIDENT: "Incident",
    TicketType.SERVICE_REQUEST: "Service request",
    TicketType.CHANGE: "Change",
}


class Status(StrEnum):
    NEW = "New"
    ASSIGNED = "Assigned"
    IN_PROGRESS = "In progress"
    PENDING = "Pending"
    RESOLVED = "Resolved"
    CLOSED = "Closed"
    REOPENED = "Reopened"
    CANCELLED = "Cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)


class PendingOn(StrEnum):
    REQUESTER = "requester"
    VENDOR = "vendor"


class Priority(StrEnum):
    CRITICAL = "Critical"
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"

    @property
    def rank(self) -> int:
        """0 is the most urgent."""
        return list(Priority).index(self)


class Level(StrEnum):
    """Impact and urgency share one scale."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Visibility(StrEnum):
    PUBLIC = "public"  # the requester may see it
    INTERNAL = "internal"  # technicians only


@dataclass(frozen=True)
class Person:
    """Someone known to the desk; `id` is the Entra (AAD) object id."""

    id: str
    name: str
    email: str = ""
    department: str = ""
    job_title: str = ""
    manager_id: str = ""  # the manager's id or user principal name, from the directory


@dataclass(frozen=True)
class Event:
    """One entry of a ticket's append-only history."""

    at: datetime
    actor: Person | None  # None: the desk itself (SLA watcher, rules)
    kind: str
    visibility: Visibility = Visibility.INTERNAL
    text: str = ""
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ThreadRef:
    """Where a ticket's card was posted: opaque ids from the chat platform."""

    conversation_id: str
    activity_id: str


@dataclass(frozen=True)
class Ticket:
    type: TicketType
    category: str
    subcategory: str
    summary: str
    description: str
    impact: Level
    urgency: Level
    priority: Priority
    requester: Person
    created_at: datetime
    updated_at: datetime
    status: Status = Status.NEW
    number: int = 0  # given by the store on create
    version: int = 0  # bumped by the store on every save
    pending_on: PendingOn | None = None
    assignee: Person | None = None
    queue: str = "default"
    tier: int = 1
    device: str = ""
    operating_system: str = ""
    error_text: str = ""
    tags: tuple[str, ...] = ()
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    response_due: datetime | None = None
    resolution_due: datetime | None = None
    sla_announced: tuple[str, ...] = ()
    sla_next_at: datetime | None = None  # when the SLA watcher must next look at it; None: never
    channel_thread: ThreadRef | None = None
    history: tuple[Event, ...] = ()

    @property
    def reference(self) -> str:
        return format_reference(self.type, self.number)

    @property
    def public_history(self) -> tuple[Event, ...]:
        return tuple(e for e in self.history if e.visibility is Visibility.PUBLIC)


_REFERENCE = re.compile(r"^\s*(INC|REQ|CHG)-?0*(\d{1,9})\s*$", re.IGNORECASE)


def format_reference(ticket_type: TicketType, number: int) -> str:
    return f"{ticket_type.prefix}-{number:06d}"


def parse_reference(text: str) -> tuple[TicketType, int] | None:
    """`INC-000042`, `inc-42` -> (INCIDENT, 42); anything else -> None."""
    match = _REFERENCE.match(text or "")
    if not match:
        return None
    prefix, number = match.group(1).upper(), int(match.group(2))
    ticket_type = next(t for t, p in _PREFIXES.items() if p == prefix)
    return (ticket_type, number) if number > 0 else None


@dataclass(frozen=True)
class Actor:
    """Who is acting, and whether the desk knows them as a technician."""

    person: Person
    is_technician: bool = False
