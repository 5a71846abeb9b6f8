"""The desk's own clockwork: jobs (the SLA scan, the weekly review) run every few seconds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]


def once(job: Job) -> Job:
    """`job` until it has run once without an error; a no-op after that (work for the first round)."""
    done = False

    async def run() -> object:
        nonlocal done
        if done:
            return None
        result = await job()
        done = True
        return result

    run.__qualname__ = f"{getattr(job, '__qualname__', 'job')} (once)"
    return run


class Background:
    def __init__(self, jobs: list[Job], interval_seconds: float) -> None:
        self._jobs = jobs
        self._interval = interval_seconds
        self._task: asyncio.Task | None = None

    async def run_once(self) -> None:
        for job in self._jobs:
            try:
                await job()
            except Exception:  # one failing job must not stop the others, nor the next round
                log.exception("background job %s failed", getattr(job, "__qualname__", job))

    async def run(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.run(), name="desk-background")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
