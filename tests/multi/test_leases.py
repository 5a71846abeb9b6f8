"""Leases: one holder at a time, kept across runs, handed over on close or when the holder dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from azure.storage.blob.aio import BlobLeaseClient, BlobServiceClient

from store.blob_state import open_blob_state
from store.lease_blob import PREFIX, BlobLease
from store.lease_file import FileLease
from tests.multi.azurite import azurite, new_container
from tickets.ports import Lease, LeaseLost

ROOT = Path(__file__).resolve().parents[2]
Instances = Callable[[], Lease]


@pytest.fixture(params=["file", "blob"])
async def new_instance(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Instances]:
    """Makes a lease as a new instance would (its own client), on the same backing store."""
    made: list[Lease] = []
    clients: list[BlobServiceClient] = []
    if request.param == "blob":
        emulator = await azurite()
        container = new_container()
        await (await open_blob_state(emulator.connection_string, container)).close()

    def make() -> Lease:
        if request.param == "file":
            lease: Lease = FileLease(tmp_path / "leases")
        else:
            clients.append(BlobServiceClient.from_connection_string(emulator.connection_string))
            lease = BlobLease(clients[-1].get_container_client(container), renew_every=0.2)
        made.append(lease)
        return lease

    yield make
    for lease in made:
        await lease.close()
    for client in clients:
        await client.close()


async def test_of_two_instances_one_runs_the_work(new_instance: Instances) -> None:
    first, second = new_instance(), new_instance()
    ran: list[str] = []

    async def work(who: str) -> None:
        ran.append(who)
        await asyncio.sleep(0.05)

    results = await asyncio.gather(first.run_exclusively("sla-watch", lambda: work("first")),
                                   second.run_exclusively("sla-watch", lambda: work("second")))

    assert sorted(results) == [False, True] and len(ran) == 1
    holder, other = (first, second) if results[0] else (second, first)
    assert await holder.run_exclusively("sla-watch", lambda: work("again")), "the holder keeps its lease"
    assert not await other.run_exclusively("sla-watch", lambda: work("other"))
    assert ran[1:] == ["again"]


async def test_closing_hands_the_lease_over_at_once(new_instance: Instances) -> None:
    first, second = new_instance(), new_instance()
    assert await first.run_exclusively("sla-watch", _nothing)
    assert not await second.run_exclusively("sla-watch", _nothing)

    await first.close()

    assert await second.run_exclusively("sla-watch", _nothing)


async def test_each_name_is_its_own_lease(new_instance: Instances) -> None:
    first, second = new_instance(), new_instance()
    assert await first.run_exclusively("sla-watch", _nothing)
    assert await second.run_exclusively("weekly-review", _nothing)
    assert not await second.run_exclusively("sla-watch", _nothing)


async def test_the_work_fails_but_the_lease_stays(new_instance: Instances) -> None:
    first, second = new_instance(), new_instance()

    async def broken() -> None:
        raise ValueError("scan failed")

    with pytest.raises(ValueError, match="scan failed"):
        await first.run_exclusively("sla-watch", broken)
    assert not await second.run_exclusively("sla-watch", _nothing)


async def test_names_that_cannot_be_file_or_blob_names_are_refused(new_instance: Instances) -> None:
    with pytest.raises(ValueError, match="lower-case"):
        await new_instance().run_exclusively("SLA watch/1", _nothing)


async def test_a_killed_process_loses_its_file_lease(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import asyncio, sys\nfrom store.lease_file import FileLease\n"
         f"lease = FileLease({str(tmp_path)!r})\n"
         "async def hold():\n    await lease.run_exclusively('sla-watch', lambda: asyncio.sleep(0))\n"
         "    print('held', flush=True)\n    await asyncio.sleep(60)\n"
         "asyncio.run(hold())\n"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        mine = FileLease(tmp_path)
        assert not await mine.run_exclusively("sla-watch", _nothing)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
        assert await mine.run_exclusively("sla-watch", _nothing)
        await mine.close()
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


@pytest.mark.parametrize("new_instance", ["blob"], indirect=True)
async def test_a_lost_blob_lease_stops_the_running_work(new_instance: Instances) -> None:
    first, second = new_instance(), new_instance()
    assert isinstance(first, BlobLease)
    started, finished = asyncio.Event(), []

    async def long_scan() -> None:
        started.set()
        await asyncio.sleep(30)
        finished.append(True)

    running = asyncio.ensure_future(first.run_exclusively("sla-watch", long_scan))
    await asyncio.wait_for(started.wait(), 10)
    blob = first._container.get_blob_client(PREFIX + "sla-watch")  # someone breaks the lease
    await BlobLeaseClient(blob).break_lease(lease_break_period=0)

    with pytest.raises(LeaseLost):
        await asyncio.wait_for(running, 10)
    assert finished == []
    assert await second.run_exclusively("sla-watch", _nothing)


@pytest.mark.parametrize("new_instance", ["blob"], indirect=True)
async def test_the_blob_names_its_holder(new_instance: Instances) -> None:
    lease = new_instance()
    assert isinstance(lease, BlobLease)
    assert await lease.run_exclusively("sla-watch", _nothing)

    properties = await lease._container.get_blob_client(PREFIX + "sla-watch").get_blob_properties()
    assert properties.metadata == {"holder": lease.holder} and properties.lease.state == "leased"
    await lease.close()
    properties = await lease._container.get_blob_client(PREFIX + "sla-watch").get_blob_properties()
    assert properties.lease.state == "available"


async def _nothing() -> None:
    return None
