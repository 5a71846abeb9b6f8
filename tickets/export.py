"""CSV exports for Excel and Power BI: one file of tickets, one of their history events.

- Encoding UTF-8 with a byte-order mark (Excel then reads accents and emoji right), comma
  separated, CRLF line ends, a header row, every time in ISO-8601 UTC (`2026-11-20T09:30:00Z`).
- Tickets: those created before the period's end that were open at its end or had any activity
  in it (created, or an event in the period), as they stood at the end; one row each.
- Events: every history event of those tickets inside the period, oldest first; `visibility`
  says whether the requester could see it (`public`) or only technicians (`internal`). The
  export is for technicians, so internal notes are included, marked.
- Cells people typed that start with = + - @ (which Excel would run as a formula) get a leading
  apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from tickets.desk_config import DeskConfig
from tickets.metrics import first_contact_resolved, snapshots
from tickets.model import Event, Person, Ticket
from tickets.sla import ClockState, sla_state

BOM = "\ufeff"
TICKET_COLUMNS = (
    "reference", "type", "category", "subcategory", "summary", "status", "pending_on", "priority", "impact",
    "urgency", "queue", "tier", "requester_id", "requester_name", "requester_email", "requester_department",
    "assignee_id", "assignee_name", "created_at", "first_response_at", "resolved_at", "closed_at",
    "response_due", "resolution_due", "response_business_minutes", "resolution_business_minutes",
    "response_sla", "resolution_sla", "reopened", "escalated", "first_contact_resolution", "tags",
)
EVENT_COLUMNS = ("reference", "at", "kind", "actor_id", "actor_name", "visibility", "text", "data")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def iso(at: datetime | None) -> str:
    return "" if at is None else at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe(value: str) -> str:
    """Typed text, defused for spreadsheets."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _minutes(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 60:.1f}"


def _sla(clock: ClockState) -> str:
    """met / breached once the clock stopped; running / paused (and breached, if so) before."""
    if clock.stopped:
        return "breached" if clock.breached else "met"
    return "breached" if clock.breached else ("running" if clock.running else "paused")


def _person(person: Person | None) -> list[str]:
    return ["", ""] if person is None else [person.id, safe(person.name)]


def in_export(ticket: Ticket, start: datetime, end: datetime) -> bool:
    touched = start <= ticket.created_at < end or any(start <= e.at < end for e in ticket.history)
    return touched or ticket.status.is_open


def ticket_row(ticket: Ticket, config: DeskConfig, end: datetime) -> list[str]:
    state = sla_state(ticket, config, end)
    kinds = [e.kind for e in ticket.history]
    resolved = ticket.status.value in ("Resolved", "Closed") and "resolved" in kinds
    requester = ticket.requester
    return [
        ticket.reference, ticket.type.value, ticket.category, ticket.subcategory, safe(ticket.summary),
        ticket.status.value, ticket.pending_on.value if ticket.pending_on else "", ticket.priority.value,
        ticket.impact.value, ticket.urgency.value, ticket.queue, str(ticket.tier), requester.id, safe(requester.name),
        safe(requester.email), safe(requester.department), *_person(ticket.assignee), iso(ticket.created_at),
        iso(ticket.first_response_at), iso(ticket.resolved_at), iso(ticket.closed_at), iso(state.response.due),
        iso(state.resolution.due), _minutes(state.response.elapsed), _minutes(state.resolution.elapsed),
        _sla(state.response), _sla(state.resolution), str(kinds.count("reopened")), str(kinds.count("escalated")),
        ("yes" if first_contact_resolved(ticket) else "no") if resolved else "", ";".join(ticket.tags),
    ]


def event_row(ticket: Ticket, event: Event) -> list[str]:
    data = json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else ""
    return [ticket.reference, iso(event.at), event.kind, *_person(event.actor), event.visibility.value,
            safe(event.text), data]


def _csv(header: tuple[str, ...], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def tickets_csv(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime,
                queue: str | None = None) -> bytes:
    chosen = sorted((t for t in snapshots(tickets, end, queue) if in_export(t, start, end)), key=lambda t: t.number)
    return _csv(TICKET_COLUMNS, (ticket_row(t, config, end) for t in chosen))


def events_csv(tickets: Iterable[Ticket], start: datetime, end: datetime, queue: str | None = None) -> bytes:
    chosen = [t for t in snapshots(tickets, end, queue) if in_export(t, start, end)]
    rows = sorted(((e.at, t.number, i, t, e) for t in chosen for i, e in enumerate(t.history) if start <= e.at < end),
                  key=lambda row: row[:3])
    return _csv(EVENT_COLUMNS, (event_row(t, e) for *_, t, e in rows))


def export_files(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime,
                 queue: str | None = None) -> dict[str, bytes]:
    """{file name: CSV bytes}: `tickets-<from>-to-<to>[-<queue>].csv` and `events-...csv`."""
    tickets = list(tickets)
    suffix = f"{start.astimezone(UTC):%Y-%m-%d}-to-{end.astimezone(UTC):%Y-%m-%d}" + (f"-{queue}" if queue else "")
    return {f"tickets-{suffix}.csv": tickets_csv(tickets, config, start, end, queue),
            f"events-{suffix}.csv": events_csv(tickets, start, end, queue)}
