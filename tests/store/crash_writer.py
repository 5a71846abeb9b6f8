"""Run by test_crash_safety in a subprocess: creates tickets until killed.

Prints `<number> <summary>` after each create returns, i.e. once the store acknowledged it.
Usage: python -m tests.store.crash_writer <file> <run id>
"""

from __future__ import annotations

import asyncio
import itertools
import sys

from store.tinydb_store import TinyDbTicketStore
from tests.factories import make_full_ticket


async def main(path: str, run: str) -> None:
    store = TinyDbTicketStore(path)
    for i in itertools.count():
        summary = f"run {run} ticket {i}"
        created = await store.create(make_full_ticket(summary=summary, description="x" * 2000), f"{run}-{i}")
        print(created.number, summary, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
