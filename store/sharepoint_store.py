"""TicketStore on a SharePoint list through Microsoft Graph.

- One list item per ticket; the number is the item id (never reused), the version the `Version`
  column. Every save sends `If-Match` with the item's eTag: a 412 becomes `VersionConflict`, and the
  domain service reloads and re-applies its change, so a claim happens exactly once across processes.
- Creates carry an idempotency key in a unique, indexed column. The SDK retries POSTs on 429/503/504,
  so a create whose first answer was lost meets the unique constraint (409) and the store returns
  the item that holds the key: no second item.
- `find` sends one filter on one indexed column and applies the rest here, so it keeps working on
  lists far over the 5,000-item threshold.
- Retry-After: the SDK waits out short ones itself; a long one (the SDK gives up at 180 s) stops all
  traffic until it has passed. A write that cannot complete goes to the local outbox (`SavedForSync`
  tells the user) and `sync()` replays the outbox in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from graph.errors import GraphThrottled, GraphUnavailable
from graph.lists import EtagMismatch, Item, ItemMissing, SharePointList, UniqueValueTaken, odata_string
from graph.schema import OPEN
from store.outbox import Entry, Outbox, SavedForSync
from store.query import select
from store.sharepoint_fields import SELECT, item_etag, odata_time, ticket_fields, ticket_from_item
from tickets.errors import TicketNotFound, VersionConflict
from tickets.model import Ticket
from tickets.ports import TicketQuery

log = logging.getLogger(__name__)
Synced = Callable[[Ticket], Awaitable[None]]


@dataclass
class SyncReport:
    created: list[Ticket] = field(default_factory=list)
    saved: list[Ticket] = field(default_factory=list)
    conflicts: list[Ticket] = field(default_factory=list)  # saves overtaken by another change; dropped
    remaining: int = 0


class SharePointTicketStore:
    def __init__(self, items: SharePointList, outbox: Outbox | None = None, on_created: Synced | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.items = items
        self.outbox = outbox
        self.on_created = on_created  # told about tickets created by a replay (e.g. to post their card)
        self._monotonic = monotonic
        self._blocked_until = 0.0
        self._etags: dict[int, tuple[int, str]] = {}  # number -> (version, eTag) last seen
        self._sync_lock = asyncio.Lock()

    # --- TicketStore -------------------------------------------------------------------------

    async def create(self, ticket: Ticket, idempotency_key: str | None = None) -> Ticket:
        key = idempotency_key or f"auto-{uuid.uuid4()}"
        if self.outbox is not None and (queued := self.outbox.pending_create(key)) is not None:
            raise SavedForSync(queued.to_ticket(), created=True)
        try:
            await self._drain()
            return await self._create_now(ticket, key)
        except GraphUnavailable as error:
            self._hold(error)
            if self.outbox is None:
                raise
            self.outbox.add_create(ticket, key)
            raise SavedForSync(replace(ticket, number=0, version=0), created=True) from None

    async def get(self, number: int) -> Ticket:
        if self.outbox is not None and len(self.outbox):
            await self._drain(quiet=True)
            if (pending := self.outbox.latest(number)) is not None:
                return pending
        self._check_hold()
        try:
            item = await self.items.get(number, SELECT)
        except ItemMissing:
            raise TicketNotFound(f"#{number}") from None
        except GraphUnavailable as error:
            raise self._hold(error) from None
        return self._remember(item)

    async def save(self, ticket: Ticket) -> Ticket:
        saved = replace(ticket, version=ticket.version + 1)
        pending = self.outbox.latest(ticket.number) if self.outbox is not None else None
        if pending is not None and pending.version != ticket.version:
            raise VersionConflict(ticket.number)
        try:
            await self._drain()
            return await self._save_now(ticket)
        except GraphUnavailable as error:
            self._hold(error)
            if self.outbox is None:
                raise
            self.outbox.add_save(saved, ticket.version)
            raise SavedForSync(saved, created=False) from None

    async def find(self, query: TicketQuery) -> list[Ticket]:
        if query.limit is not None and query.limit <= 0:
            return []
        if self.outbox is not None and len(self.outbox):
            await self._drain(quiet=True)
        self._check_hold()
        try:
            items = await self.items.query(SELECT, server_filter(query))
        except GraphUnavailable as error:
            raise self._hold(error) from None
        tickets = {t.number: t for t in map(self._remember, items)}
        for entry in self.outbox.entries() if self.outbox is not None else []:
            if entry.kind == "save":  # unsynced changes win; `select` re-checks every filter
                tickets[entry.number] = entry.to_ticket()
        return select(tickets.values(), query)

    # --- outbox --------------------------------------------------------------------------------

    async def sync(self) -> SyncReport:
        """Replay the outbox oldest first; stops at the first write Graph still cannot take."""
        report = SyncReport()
        if self.outbox is None:
            return report
        async with self._sync_lock:
            for entry in self.outbox.entries():
                try:
                    self._check_hold()
                    await self._replay(entry, report)
                except GraphUnavailable as error:
                    self._hold(error)
                    break
                self.outbox.remove(entry)
            report.remaining = len(self.outbox)
        for ticket in report.created:
            if self.on_created is not None:
                await self.on_created(ticket)
        return report

    async def _replay(self, entry: Entry, report: SyncReport) -> None:
        ticket = entry.to_ticket()
        if entry.kind == "create":
            report.created.append(await self._create_now(ticket, entry.key))
            return
        current = await self._fetch(ticket.number)
        if current.version == entry.base_version:
            report.saved.append(await self._save_now(replace(ticket, version=entry.base_version)))
        elif current == ticket:  # applied already; only the answer was lost
            report.saved.append(current)
        else:
            log.warning("outbox: %s changed meanwhile; the queued change was dropped", ticket.reference)
            report.conflicts.append(ticket)

    async def _drain(self, quiet: bool = False) -> None:
        """Earlier queued writes go first, so SharePoint sees them in order."""
        if self.outbox is None or not len(self.outbox):
            return
        await self.sync()
        if len(self.outbox) and not quiet:
            raise GraphUnavailable("earlier writes are still waiting in the outbox")

    # --- Graph calls ---------------------------------------------------------------------------

    async def _create_now(self, ticket: Ticket, key: str) -> Ticket:
        self._check_hold()
        fields = {**ticket_fields(replace(ticket, number=0), 1), "IdempotencyKey": key}
        try:
            item = await self.items.create(fields)
        except UniqueValueTaken:
            existing = await self._by_key(key)
            if existing is None:
                raise
            return existing
        except GraphThrottled:
            raise  # asked to wait: no look-up now; a replay meets the unique key instead
        except GraphUnavailable:
            # The first attempt may have been stored before its answer was lost.
            existing = await self._by_key(key)
            if existing is None:
                raise
            return existing
        number = int(item["id"])
        self._etags[number] = (1, item_etag(item))
        return replace(ticket, number=number, version=1)

    async def _save_now(self, ticket: Ticket) -> Ticket:
        self._check_hold()
        known = self._etags.get(ticket.number)
        if known is None or known[0] != ticket.version:
            current = await self._fetch(ticket.number)
            if current.version != ticket.version:
                raise VersionConflict(ticket.number)
            known = self._etags[ticket.number]
        try:
            result = await self.items.update(ticket.number, ticket_fields(ticket, ticket.version + 1), known[1])
        except EtagMismatch:
            raise VersionConflict(ticket.number) from None
        except ItemMissing:
            raise TicketNotFound(f"#{ticket.number}") from None
        self._etags[ticket.number] = (ticket.version + 1, str(result.get("@odata.etag", "")))
        return replace(ticket, version=ticket.version + 1)

    async def _fetch(self, number: int) -> Ticket:
        try:
            return self._remember(await self.items.get(number, SELECT))
        except ItemMissing:
            raise TicketNotFound(f"#{number}") from None

    async def _by_key(self, key: str) -> Ticket | None:
        found = await self.items.query(SELECT, f"fields/IdempotencyKey eq {odata_string(key)}", top=1, max_items=1)
        return self._remember(found[0]) if found else None

    def _remember(self, item: Item) -> Ticket:
        ticket = ticket_from_item(item)
        if etag := item_etag(item):
            self._etags[ticket.number] = (ticket.version, etag)
        return ticket

    # --- Retry-After ---------------------------------------------------------------------------

    def _hold(self, error: GraphUnavailable) -> GraphUnavailable:
        """Remember a Retry-After the SDK did not wait out; nothing is sent to Graph before it ends."""
        if error.retry_after:
            self._blocked_until = max(self._blocked_until, self._monotonic() + error.retry_after)
        return error

    def _check_hold(self) -> None:
        remaining = self._blocked_until - self._monotonic()
        if remaining > 0:
            raise GraphThrottled(429, remaining)


def server_filter(query: TicketQuery) -> str | None:
    """The one indexed column Graph filters on; the rest of `query` is applied locally."""
    if query.due_before is not None:  # the SLA watcher: only tickets whose next SLA moment has come
        return f"fields/SlaNextAt le {odata_time(query.due_before)}"
    if query.assignee_id is not None:
        return f"fields/AssigneeId eq {odata_string(query.assignee_id)}"
    if query.requester_id is not None:
        return f"fields/RequesterId eq {odata_string(query.requester_id)}"
    if query.open_only:
        return f"fields/OpenState eq '{OPEN}'"
    if query.statuses is not None and len(query.statuses) == 1:
        return f"fields/Status eq {odata_string(next(iter(query.statuses)).value)}"
    if query.queue is not None:
        return f"fields/Queue eq {odata_string(query.queue)}"
    return None
