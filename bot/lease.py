"""Background jobs that run on one instance at a time, through the Lease port (tickets/ports.py).

    Background([under_lease(lease, SLA_WATCH, watcher.scan_once), ...], interval)

Each round, the job runs only on the instance that holds (or can take) its lease; elsewhere it is
skipped. Implementations: store/lease_file.py (one machine), store/lease_blob.py (Azure Blob Storage).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tickets.ports import Lease

SLA_WATCH = "sla-watch"
WEEKLY_REVIEW = "weekly-review"
Job = Callable[[], Awaitable[object]]


def under_lease(lease: Lease, name: str, job: Job) -> Job:
    async def run() -> bool:
        return await lease.run_exclusively(name, job)

    run.__qualname__ = f"{getattr(job, '__qualname__', 'job')} (lease {name})"  # Background logs it
    return run
