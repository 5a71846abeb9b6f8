"""What every Lease implementation shares: valid names, and running work only while a lease holds."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from tickets.ports import LeaseLost

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def check_name(name: str) -> str:
    """Lease names become file and blob names: lower-case letters, digits and hyphens."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"lease name {name!r}: use lower-case letters, digits and hyphens (e.g. 'sla-watch')")
    return name


async def run_until_lost(name: str, lost: asyncio.Event, work: Callable[[], Awaitable[object]]) -> None:
    """Await `work()`; if `lost` is set first, cancel the work and raise `LeaseLost`."""
    task = asyncio.ensure_future(work())
    watch = asyncio.ensure_future(lost.wait())
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watch.cancel()
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    if task.cancelled():
        raise LeaseLost(f"lost the lease {name!r} while its work ran; the work was stopped")
    task.result()  # the work's own error, if any
