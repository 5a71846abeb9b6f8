"""Ticket <-> JSON-safe dict, shared by every store (TinyDB file, SharePoint list).

Enums become their values, datetimes ISO-8601 strings with their offset, tuples lists, and
Person / Event / ThreadRef nested dicts. `ticket_from_dict(ticket_to_dict(t)) == t` for every ticket
whose datetimes are timezone-aware; a naive datetime is refused rather than stored ambiguously.
"""

from __future__ import annotations

from datetime import datetime
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

_OPTIONAL_TIMES = ("first_response_at", "resolved_at", "closed_at", "response_due", "resolution_due",
                   "sla_next_at")
_PLAIN = ("category", "subcategory", "summary", "description", "number", "version", "queue", "tier",
          "device", "operating_system", "error_text")


def ticket_to_dict(ticket: Ticket) -> dict[str, Any]:
    doc: dict[str, Any] = {name: getattr(ticket, name) for name in _PLAIN}
    doc.update(
        type=ticket.type.value,
        impact=ticket.impact.value,
        urgency=ticket.urgency.value,
        priority=ticket.priority.value,
        status=ticket.status.value,
        pending_on=ticket.pending_on.value if ticket.pending_on else None,
        requester=person_to_dict(ticket.requester),
        assignee=person_to_dict(ticket.assignee) if ticket.assignee else None,
        created_at=_time_out(ticket.created_at),
        updated_at=_time_out(ticket.updated_at),
        tags=list(ticket.tags),
        sla_announced=list(ticket.sla_announced),
        channel_thread=_thread_out(ticket.channel_thread),
        history=[event_to_dict(e) for e in ticket.history],
    )
    doc.update({name: _time_out(getattr(ticket, name)) for name in _OPTIONAL_TIMES})
    return doc


def ticket_from_dict(doc: dict[str, Any]) -> Ticket:
    assignee = doc.get("assignee")
    thread = doc.get("channel_thread")
    pending_on = doc.get("pending_on")
    return Ticket(
        **{name: doc[name] for name in _PLAIN},
        type=TicketType(doc["type"]),
        impact=Level(doc["impact"]),
        urgency=Level(doc["urgency"]),
        priority=Priority(doc["priority"]),
        status=Status(doc["status"]),
        pending_on=PendingOn(pending_on) if pending_on else None,
        requester=person_from_dict(doc["requester"]),
        assignee=person_from_dict(assignee) if assignee else None,
        created_at=_time_in(doc["created_at"]),
        updated_at=_time_in(doc["updated_at"]),
        tags=tuple(doc.get("tags", ())),
        sla_announced=tuple(doc.get("sla_announced", ())),
        channel_thread=ThreadRef(thread["conversation_id"], thread["activity_id"]) if thread else None,
        history=tuple(event_from_dict(e) for e in doc.get("history", ())),
        **{name: _time_in(doc.get(name)) for name in _OPTIONAL_TIMES},
    )


def person_to_dict(person: Person) -> dict[str, str]:
    return {"id": person.id, "name": person.name, "email": person.email,
            "department": person.department, "job_title": person.job_title}


def person_from_dict(doc: dict[str, str]) -> Person:
    return Person(doc["id"], doc["name"], doc.get("email", ""), doc.get("department", ""), doc.get("job_title", ""))


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "at": _time_out(event.at),
        "actor": person_to_dict(event.actor) if event.actor else None,
        "kind": event.kind,
        "visibility": event.visibility.value,
        "text": event.text,
        "data": dict(event.data),
    }


def event_from_dict(doc: dict[str, Any]) -> Event:
    actor = doc.get("actor")
    return Event(
        at=_time_in(doc["at"]),
        actor=person_from_dict(actor) if actor else None,
        kind=doc["kind"],
        visibility=Visibility(doc.get("visibility", Visibility.INTERNAL.value)),
        text=doc.get("text", ""),
        data=dict(doc.get("data", {})),
    )


def _thread_out(thread: ThreadRef | None) -> dict[str, str] | None:
    if thread is None:
        return None
    return {"conversation_id": thread.conversation_id, "activity_id": thread.activity_id}


def _time_out(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"refusing to store a naive datetime: {value.isoformat()}")
    return value.isoformat()


def _time_in(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None
