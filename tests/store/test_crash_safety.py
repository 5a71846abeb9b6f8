"""Kill a writing process at random moments: the file must always load with every acknowledged ticket."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from store.tinydb_store import TinyDbTicketStore
from tickets.ports import TicketQuery

REPO = Path(__file__).resolve().parents[2]
KILLS = 5


def _run_until_killed(path: Path, run: str, delay: float) -> list[tuple[int, str]]:
    """Start the writer, let it acknowledge at least one ticket, SIGKILL it `delay` s later."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", str(path), run],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        first = writer.stdout.readline()  # type: ignore[union-attr]
        assert first.endswith(b"\n"), writer.stderr.read().decode()  # type: ignore[union-attr]
        time.sleep(delay)
    finally:
        writer.kill()
        rest, _ = writer.communicate()
    complete = (first + rest).decode().split("\n")[:-1]  # a line cut by the kill was not acknowledged
    return [(int(number), summary) for number, summary in (line.split(" ", 1) for line in complete)]


async def test_a_killed_writer_loses_no_acknowledged_ticket(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    acknowledged: dict[int, str] = {}

    for run in range(KILLS):
        acks = _run_until_killed(path, f"r{run}", rng.uniform(0.05, 0.3))
        reused = [n for n, _ in acks if n in acknowledged]
        assert not reused, f"numbers given twice {reused} (seed {seed})"
        acknowledged.update(acks)

        json.loads(path.read_bytes())  # a plain JSON load works: never a torn file
        store = TinyDbTicketStore(path)
        stored = {t.number: t.summary for t in await store.find(TicketQuery())}
        missing = {n: s for n, s in acknowledged.items() if stored.get(n) != s}
        assert not missing, f"acknowledged but lost: {missing} (seed {seed})"

    assert not list(tmp_path.glob(".*.tmp")), "a fresh store clears temp files left by a killed writer"
