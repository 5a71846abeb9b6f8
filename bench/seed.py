"""Fill a local store with tickets the way the desk makes them: through DeskService and the store.

Ticket n is an incident (a service request when n % 5 == 3) opened by employee (n - 1) % 40; seven
in ten are then claimed, resolved and closed, as in a desk that has run for a while.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

from app import load_desk_config, local_stores
from bench.people import TEAM_ID, requester_of, technician
from tickets import lifecycle
from tickets.clock import SystemClock
from tickets.intake import IntakeDraft
from tickets.model import Event, Level, Person, ThreadRef, Ticket, TicketType
from tickets.service import DeskService

ROOT = Path(__file__).resolve().parents[1]


class SilentNotifier:
    async def ticket_changed(self, ticket: Ticket, events: Sequence[Event]) -> None:
        return None


def ticket_type(number: int) -> TicketType:
    return TicketType.SERVICE_REQUEST if number % 5 == 3 else TicketType.INCIDENT


def draft(number: int) -> IntakeDraft:
    return IntakeDraft(
        type=ticket_type(number), category="Hardware", subcategory="Hardware::Laptop or desktop",
        summary=f"Laptop fan is loud ({number})", description="It started after the last update. " * 8,
        impact=Level.MEDIUM, urgency=Level.MEDIUM, device="ThinkPad T14", operating_system="Windows 11",
    )


async def seed(data_dir: Path, count: int) -> None:
    stores = local_stores(data_dir)
    clock = SystemClock()
    service = DeskService(stores.tickets, SilentNotifier(), clock, load_desk_config(ROOT / "desk.yaml"))
    tech = technician(0)
    fixer = Person(id=tech.aad_id, name=tech.name)
    for number in range(1, count + 1):
        requester = requester_of(number)
        ticket = await service.open_ticket(Person(id=requester.aad_id, name=requester.name), draft(number))
        assert ticket.number == number, "seed into an empty data directory"
        if number % 10 < 7 and number != 500:
            now = clock.now()
            done = lifecycle.claim(ticket, fixer, now)
            done = lifecycle.resolve(done, "Cleaned the fan.", fixer, now)
            done = lifecycle.close(done, now, "Confirmed by the requester.")
            await stores.tickets.save(done)
        else:  # an open ticket's card is in the channel (else the desk posts it at its next start)
            await service.record_channel_thread(number, ThreadRef(f"{TEAM_ID};messageid=seed-{number}", f"seed-{number}"))


def main() -> None:
    parser = argparse.ArgumentParser(description="seed a local desk store")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("count", type=int)
    arguments = parser.parse_args()
    started = time.perf_counter()
    asyncio.run(seed(arguments.data_dir, arguments.count))
    print(f"seeded {arguments.count} tickets in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
