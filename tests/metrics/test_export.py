"""CSV exports open cleanly in Excel: BOM, ISO times, one row per ticket, events marked by visibility."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from tests.domain.support import TECH, config, utc
from tests.metrics.desk_week import END, START, desk_tickets
from tickets import lifecycle as lc
from tickets.export import EVENT_COLUMNS, TICKET_COLUMNS, events_csv, export_files, tickets_csv
from tickets.model import Visibility

CONFIG = config()


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the encoding right
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_tickets_csv_has_one_row_per_ticket_active_or_open_in_the_period():
    table = rows(tickets_csv(desk_tickets(), CONFIG, START, END))
    assert list(table[0]) == list(TICKET_COLUMNS)
    assert [r["reference"] for r in table] == [f"INC-{n:06d}" if n != 3 else "REQ-000003" for n in range(1, 12)]
    first = table[0]
    assert first["created_at"] == "2026-11-16T09:00:00Z" and first["resolved_at"] == "2026-11-16T16:00:00Z"
    assert (first["response_business_minutes"], first["resolution_business_minutes"]) == ("30.0", "180.0")
    assert (first["response_sla"], first["resolution_sla"], first["first_contact_resolution"]) == ("met", "met", "yes")
    eleven = table[10]  # resolved after the period: exported as it stood at the end
    assert (eleven["status"], eleven["resolved_at"], eleven["resolution_sla"]) == ("Assigned", "", "breached")
    assert table[2]["reopened"] == "1" and table[3]["escalated"] == "1"


def test_a_ticket_untouched_and_closed_before_the_period_is_left_out():
    later = tickets_csv(desk_tickets(), CONFIG, utc(2026, 11, 30), utc(2026, 12, 7))
    assert [r["reference"] for r in rows(later)] == ["INC-000005", "INC-000006", "INC-000007", "INC-000009"]


def test_events_csv_marks_internal_notes_and_keeps_the_period():
    tickets = desk_tickets()
    tickets[0] = lc.comment(tickets[0], "Asset 1234 swapped", TECH, utc(2026, 11, 16, 16, 30), Visibility.INTERNAL)
    table = rows(events_csv(tickets, START, END))
    assert list(table[0]) == list(EVENT_COLUMNS)
    assert all(START.isoformat()[:10] <= r["at"][:10] < END.isoformat()[:10] for r in table)
    assert [r["at"] for r in table] == sorted(r["at"] for r in table)
    note = next(r for r in table if r["text"] == "Asset 1234 swapped")
    assert (note["visibility"], note["actor_name"], note["kind"]) == ("internal", "Tess Tech", "note")
    assert next(r for r in table if r["kind"] == "pending")["data"] == '{"on": "requester"}'
    assert "2026-11-23T10:00:00Z" not in {r["at"] for r in table}  # ticket 11's later resolution


def test_typed_text_cannot_become_an_excel_formula():
    ticket = replace(desk_tickets()[4], summary='=HYPERLINK("http://evil","click")')
    table = rows(tickets_csv([ticket], CONFIG, START, END))
    assert table[0]["summary"] == "'=HYPERLINK(\"http://evil\",\"click\")"


def test_export_files_are_named_by_period_and_queue():
    files = export_files(desk_tickets(), CONFIG, START, END, "access")
    assert sorted(files) == ["events-2026-11-16-to-2026-11-23-access.csv", "tickets-2026-11-16-to-2026-11-23-access.csv"]
    assert [r["reference"] for r in rows(files["tickets-2026-11-16-to-2026-11-23-access.csv"])] == ["INC-000004"]
