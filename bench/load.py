"""The load generator: sequential latency and throughput with many conversations at once."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import ClientSession

Check = Callable[[int, dict | None], None]  # raises when an answer is not what the workload expects


@dataclass
class Figures:
    latencies_ms: list[float] = field(default_factory=list)
    concurrent_messages: int = 0
    concurrent_seconds: float = 0.0
    cpu_ms_per_message: float = 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]

    @property
    def sequential_rate(self) -> float:
        return 1000.0 / statistics.fmean(self.latencies_ms)

    @property
    def concurrent_rate(self) -> float:
        return self.concurrent_messages / self.concurrent_seconds


class BadAnswer(Exception):
    pass


async def post(session: ClientSession, url: str, activity: dict) -> tuple[int, dict | None]:
    async with session.post(url, json=activity) as response:
        body = await response.json() if response.content_type == "application/json" else None
        await response.read()
        return response.status, body


def expect_ok(status: int, body: dict | None) -> None:
    if status not in (200, 201):
        raise BadAnswer(f"HTTP {status}: {body}")


async def sequential(session: ClientSession, url: str, make: Callable[[int], dict], count: int,
                     check: Check = expect_ok) -> list[float]:
    """One request after another; each latency is the whole turn (the bot answers after replying)."""
    latencies = []
    for i in range(count):
        activity = make(i)
        started = time.perf_counter()
        status, body = await post(session, url, activity)
        latencies.append((time.perf_counter() - started) * 1000)
        check(status, body)
    return latencies


async def concurrent(session: ClientSession, url: str, make: Callable[[int, int], dict], conversations: int,
                     per_conversation: int, check: Check = expect_ok) -> float:
    """`conversations` workers, each sending its own conversation's turns one after another.
    Returns the seconds the whole batch took."""

    async def worker(w: int) -> None:
        for i in range(per_conversation):
            status, body = await post(session, url, make(w, i))
            check(status, body)

    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(conversations)))
    return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory in MiB, from /proc/<pid>/status."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


async def measure(session: ClientSession, url: str, pid: int, *, seq: Callable[[int], dict], seq_count: int,
                  conc: Callable[[int, int], dict], conversations: int, per_conversation: int,
                  check: Check = expect_ok, warmup: int = 10,
                  before_concurrent: Callable[[], Awaitable[None]] | None = None) -> Figures:
    await sequential(session, url, seq, warmup, check)
    cpu_before = cpu_seconds(pid)
    figures = Figures(latencies_ms=await sequential(session, url, lambda i: seq(i + warmup), seq_count, check))
    figures.cpu_ms_per_message = (cpu_seconds(pid) - cpu_before) * 1000 / seq_count
    if before_concurrent is not None:
        await before_concurrent()
    figures.concurrent_seconds = await concurrent(session, url, conc, conversations, per_conversation, check)
    figures.concurrent_messages = conversations * per_conversation
    return figures
