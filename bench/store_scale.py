"""The local store at scale: create, update, get and one SLA watcher scan.

    .venv/bin/python -m bench.store_scale            # 1k / 10k / 50k tickets
    .venv/bin/python -m bench.store_scale --quick    # 1k / 5k, for a smoke run

Two sweeps:
- open tickets (1,000 and 10,000 open): how the SLA scan and writes behave with a big backlog;
- history (1,000, 10,000 and 50,000 tickets of which 1,000 open): a write must not cost more
  because more tickets were closed in the past.
Tickets are seeded straight into the files (one write), then timed through the store's own API.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from bot.sla_watch import SlaWatcher
from store.archive import SHARD_SIZE
from store.atomic_file import write_json_atomic
from store.codec import ticket_to_dict
from store.tinydb_store import TinyDbTicketStore
from tickets.desk_config import DeskConfig, parse_desk_config
from tickets.model import Event, Level, Person, Priority, Status, Ticket, TicketType, Visibility
from tickets.service import DeskService
from tickets.sla import with_due_times

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


class QuietNotifier:
    async def ticket_changed(self, ticket: Ticket, events: object) -> None:
        return None


class Clock:
    def now(self) -> datetime:
        return NOW


def sample(number: int, config: DeskConfig, status: Status) -> Ticket:
    """A realistic ticket (three history entries, about 1.5 KB of JSON); one in a hundred is past
    its response target, the rest were opened a minute ago."""
    requester = Person(f"aad-user-{number % 700}", f"User {number % 700}", department="Sales")
    created = NOW - (timedelta(days=2) if number % 100 == 0 else timedelta(minutes=1))
    ticket = Ticket(
        type=TicketType.INCIDENT, category="Hardware", subcategory="Laptop or desktop",
        summary=f"Laptop {number} does not start after the update", description="Pressing power does nothing. " * 4,
        impact=Level.MEDIUM, urgency=Level.MEDIUM, priority=list(Priority)[number % 4], requester=requester,
        created_at=created, updated_at=created, number=number, version=3, status=status,
        history=(Event(created, requester, "opened", Visibility.PUBLIC, "Laptop does not start"),
                 Event(created, None, "routed", Visibility.INTERNAL, "Routed by the default rule."),
                 Event(created, requester, "reply", Visibility.PUBLIC, "Tried another charger, no luck.")),
    )
    return with_due_times(ticket, config, created)


def seed(path: Path, config: DeskConfig, total: int, open_count: int) -> None:
    live, shards = {}, {}
    for number in range(1, total + 1):
        is_open = number > total - open_count
        doc = ticket_to_dict(sample(number, config, Status.NEW if is_open else Status.CLOSED))
        if is_open:
            live[str(number)] = doc
        else:
            shards.setdefault(number // SHARD_SIZE, {})[str(number)] = doc
    write_json_atomic(path, {"tickets": live, "meta": {"1": {"last_number": total}}, "idempotency_keys": {}})
    for index, docs in shards.items():
        write_json_atomic(path.parent / f"{path.stem}-archive" / f"tickets-{index:05d}.json", docs)


async def timed(work: Callable[[], Awaitable[object]], repeat: int) -> float:
    """Median milliseconds of `repeat` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def measure(config: DeskConfig, total: int, open_count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.json"
        seed(path, config, total, open_count)
        start = time.perf_counter()
        store = TinyDbTicketStore(path)
        load_ms = (time.perf_counter() - start) * 1000
        service = DeskService(store, QuietNotifier(), Clock(), config)
        watcher = SlaWatcher(service)
        newest = total
        created = [0]

        async def create() -> None:
            created[0] += 1
            await store.create(sample(0, config, Status.NEW), idempotency_key=f"bench-{created[0]}")

        async def update() -> None:
            ticket = await store.get(newest)
            await store.save(replace(ticket, summary=ticket.summary + "."))

        figures = {
            "load": load_ms,
            "create": await timed(create, repeat),
            "update": await timed(update, repeat),
            "get": await timed(lambda: store.get(newest), repeat * 10),
            "due query": await timed(service.due_for_attention, repeat),
        }
        due = len(await service.due_for_attention())
        start = time.perf_counter()
        result = await watcher.scan_once()
        figures["first scan"] = (time.perf_counter() - start) * 1000
        figures["scan after"] = await timed(watcher.scan_once, repeat)
        figures["due"] = due
        figures["announced"] = result.announced
        return figures


def print_table(title: str, rows: list[tuple[str, dict[str, float]]]) -> None:
    columns = ["load", "create", "update", "get", "due query", "first scan", "scan after", "due", "announced"]
    print(f"\n{title} (median ms; due/announced are counts)")
    print(f"{'tickets':>22} " + " ".join(f"{c:>11}" for c in columns))
    for label, figures in rows:
        print(f"{label:>22} " + " ".join(f"{figures[c]:>11.1f}" for c in columns))


async def main(quick: bool) -> None:
    config = parse_desk_config(yaml.safe_load((ROOT / "desk.yaml").read_text("utf-8")), "desk.yaml")
    repeat = 5 if quick else 9
    open_sizes = (1000, 5000) if quick else (1000, 10000)
    history_sizes = (1000, 5000) if quick else (1000, 10000, 50000)
    print_table("Open tickets (all open)",
                [(f"{n:,} open", await measure(config, n, n, repeat)) for n in open_sizes])
    print_table("History (1,000 open, the rest closed)",
                [(f"{n:,} total", await measure(config, n, 1000, repeat)) for n in history_sizes])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
