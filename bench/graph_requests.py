"""Graph requests per desk operation, counted against the fake Graph (tests/graph/fake_graph.py).

    .venv/bin/python -m bench.graph_requests            # or: make bench-graph
    .venv/bin/python -m bench.graph_requests --open 10000 --closed 5000

The list is seeded with `--open` open and `--closed` closed tickets (the 5,000-item threshold is on),
then each operation runs through the real DeskService, SharePoint store and msgraph-sdk client.
Times are wall-clock on this machine against a local fake: they show client-side cost (the SDK's
parsing), not SharePoint's latency.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from store.sharepoint_fields import ticket_fields
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness
from tickets.desk_config import parse_desk_config
from tickets.intake import IntakeDraft
from tickets.model import Actor, Level, Person, Priority, Status, Ticket, TicketType
from tickets.ports import TicketQuery
from tickets.service import DeskService

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
ADA = Person("user-ada", "Ada Employee", "ada@contoso.example", "Finance", "Analyst")
TESS = Actor(Person("tech-tess", "Tess Tech", "tess@contoso.example", "IT", "Technician"), is_technician=True)


class _Clock:
    def now(self) -> datetime:
        return NOW


class _Quiet:
    async def ticket_changed(self, ticket: Ticket, event: object) -> None:
        return None


def _row(i: int, is_open: bool) -> dict[str, Any]:
    requester = ADA if i % 1000 == 0 else Person(f"user-{i % 700}", f"User {i % 700}")
    opened = NOW - timedelta(days=30, minutes=i)
    ticket = Ticket(type=TicketType.INCIDENT, category="Hardware", subcategory="Laptop", summary=f"Ticket {i}",
                    description="Seeded for the benchmark.", impact=Level.MEDIUM, urgency=Level.MEDIUM,
                    priority=Priority.MEDIUM,
                    requester=requester, created_at=opened, updated_at=opened,
                    status=Status.ASSIGNED if is_open else Status.CLOSED,
                    assignee=TESS.person if i % 3 == 0 else None, queue=("default", "network")[i % 2],
                    response_due=opened + timedelta(hours=4), resolution_due=opened + timedelta(days=3),
                    sla_next_at=NOW + timedelta(minutes=i % 2880 - 20) if is_open else None)
    return {**ticket_fields(ticket, 1), "IdempotencyKey": f"seed-{i}"}


async def _measure(fake: FakeGraph, name: str, work: Callable[[], Awaitable[Any]]) -> list[str]:
    fake.log.clear()
    started = time.perf_counter()
    result = await work()
    elapsed = (time.perf_counter() - started) * 1000
    reads = sum(1 for r in fake.log if r.method == "GET")
    writes = len(fake.log) - reads
    items = sum(r.items for r in fake.log)
    returned = len(result) if isinstance(result, list) else 1
    return [name, str(reads), str(writes), str(items), str(returned), f"{elapsed:,.0f}"]


async def run(open_count: int, closed_count: int) -> list[list[str]]:
    desk_config = parse_desk_config(yaml.safe_load((ROOT / "desk.yaml").read_text("utf-8")), "desk.yaml")
    async with FakeGraph() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            harness = SharePointHarness(fake, Path(tmp))
            try:
                await harness.provision()
                rows = [_row(i, True) for i in range(open_count)]
                rows += [_row(open_count + i, False) for i in range(closed_count)]
                fake.seed(harness.settings.site_id, harness.settings.list_name, rows)
                store = await harness.open()
                desk = DeskService(store, _Quiet(), _Clock(), desk_config)
                draft = IntakeDraft(TicketType.INCIDENT, "Hardware", "Laptop", "Dock is dead", "No power.",
                                    Level.MEDIUM, Level.MEDIUM)
                created: list[Ticket] = []

                async def create() -> Ticket:
                    created.append(await desk.open_ticket(ADA, draft, idempotency_key="activity-1"))
                    return created[-1]

                table = [
                    await _measure(fake, "create (open_ticket)", create),
                    await _measure(fake, "claim", lambda: desk.claim(created[0].reference, TESS)),
                    await _measure(fake, "status (find_by_reference)",
                                   lambda: desk.find_by_reference(created[0].reference, Actor(ADA))),
                    await _measure(fake, "my tickets (requester, open)", lambda: desk.my_tickets(Actor(ADA))),
                    await _measure(fake, "SLA scan: due now (due_before)",
                                   lambda: store.find(TicketQuery(due_before=NOW))),
                    await _measure(fake, f"SLA scan: all {open_count:,} open",
                                   lambda: store.find(TicketQuery(open_only=True))),
                ]
            finally:
                await harness.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000, help="open tickets in the list")
    parser.add_argument("--closed", type=int, default=5_000, help="closed tickets in the list")
    args = parser.parse_args()
    table = asyncio.run(run(args.open, args.closed))
    header = ["operation", "GET", "writes", "items read", "tickets returned", "ms"]
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    print(f"List: {args.open:,} open + {args.closed:,} closed tickets; page size 1,000; threshold 5,000")
    for row in [header, ["-" * w for w in widths], *table]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))


if __name__ == "__main__":
    main()
