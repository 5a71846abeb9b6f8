"""Leases for one machine: an exclusive `flock` on `<folder>/<name>.lock`.

Every process on the machine that shares the data folder competes for the same files, so two local
processes never scan at once; the operating system drops a dead process's lock, so another process
takes over at its next attempt. Not for several machines (use the blob lease): `flock` over a network
file system is not reliable.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from store.lease_common import check_name

log = logging.getLogger(__name__)


class FileLease:
    def __init__(self, folder: str | Path) -> None:
        self._folder = Path(folder)
        self._held: dict[str, int] = {}  # name -> open, locked file descriptor
        self._turns: dict[str, asyncio.Lock] = {}

    async def run_exclusively(self, name: str, work: Callable[[], Awaitable[object]]) -> bool:
        async with self._turns.setdefault(check_name(name), asyncio.Lock()):  # one run per name here too
            if name not in self._held and not self._take(name):
                return False
            await work()
            return True

    async def close(self) -> None:
        for name, descriptor in self._held.items():
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)
            log.info("released the lease %s", name)
        self._held.clear()

    def _take(self, name: str) -> bool:
        self._folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())  # who holds it, for people looking
        self._held[name] = descriptor
        log.info("holding the lease %s", name)
        return True
