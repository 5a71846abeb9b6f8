"""Leases for several machines: an Azure blob lease on `leases/<name>` in the state container.

The holder takes a lease of `seconds` (15-60, the range Azure allows) and renews it every third of
that in the background. A renewal that fails or hangs counts as lost: running work is cancelled
(`LeaseLost`) and the lease is taken again, if free, at the next attempt. When the holder dies its
lease simply expires, so another instance takes over within `seconds` plus one attempt interval.
The blob's metadata names the holder (`holder: <host>/<pid>`), for people looking.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from azure.core.exceptions import HttpResponseError, ResourceExistsError
from azure.storage.blob.aio import BlobLeaseClient, ContainerClient

from store.lease_common import check_name, run_until_lost

log = logging.getLogger(__name__)
PREFIX = "leases/"


@dataclass
class _Held:
    lease: BlobLeaseClient
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    renewer: asyncio.Task | None = None


class BlobLease:
    def __init__(self, container: ContainerClient, seconds: int = 15, renew_every: float | None = None) -> None:
        if not 15 <= seconds <= 60:
            raise ValueError(f"blob leases last 15 to 60 seconds, not {seconds}")
        self._container = container
        self._seconds = seconds
        self._period = min(renew_every or seconds / 3, seconds / 3)
        self._held: dict[str, _Held] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._made: set[str] = set()
        self.holder = f"{socket.gethostname()}/{os.getpid()}"

    async def run_exclusively(self, name: str, work: Callable[[], Awaitable[object]]) -> bool:
        async with self._turns.setdefault(check_name(name), asyncio.Lock()):  # one run per name here too
            held = self._held.get(name)
            if held is None or held.lost.is_set():
                held = await self._take(name)
                if held is None:
                    return False
            await run_until_lost(name, held.lost, work)
            return True

    async def close(self) -> None:
        for name in list(self._held):
            held = self._held.pop(name)
            if held.renewer is not None:
                held.renewer.cancel()
                await asyncio.gather(held.renewer, return_exceptions=True)
            if not held.lost.is_set():
                try:
                    await asyncio.wait_for(held.lease.release(), timeout=5)
                    log.info("released the lease %s", name)
                except Exception as error:  # it expires by itself
                    log.warning("could not release the lease %s (it expires in %ss): %s", name, self._seconds, error)

    async def _take(self, name: str) -> _Held | None:
        blob = self._container.get_blob_client(PREFIX + name)
        if name not in self._made:
            try:
                await blob.upload_blob(b"", overwrite=False)
            except ResourceExistsError:
                pass
            except HttpResponseError as error:
                if error.status_code != 412:  # exists and leased
                    raise
            self._made.add(name)
        lease = BlobLeaseClient(blob)
        try:
            await lease.acquire(lease_duration=self._seconds)
        except HttpResponseError as error:
            if error.status_code == 409:  # LeaseAlreadyPresent: another instance holds it
                return None
            if error.status_code == 404:  # the blob was deleted: make it again next time
                self._made.discard(name)
            raise
        held = _Held(lease)
        held.renewer = asyncio.get_running_loop().create_task(self._keep(name, held), name=f"lease-{name}")
        self._held[name] = held
        log.info("holding the lease %s (%s)", name, self.holder)
        try:
            await blob.set_blob_metadata({"holder": self.holder}, lease=lease)
        except Exception as error:  # only a label for people looking: the lease holds without it
            log.warning("could not label the lease %s with its holder: %s", name, error)
        return held

    async def _keep(self, name: str, held: _Held) -> None:
        limit = self._seconds / 3  # started at most a third in, so done before the lease runs out
        while True:
            await asyncio.sleep(self._period)
            try:
                await asyncio.wait_for(held.lease.renew(), timeout=limit)
            except Exception as error:
                log.warning("lost the lease %s: %s", name, error or type(error).__name__)
                held.lost.set()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(held.lease.release(), timeout=limit)
                return
