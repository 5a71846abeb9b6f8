"""TicketStore on local files: TinyDB for the live tickets, shard files for the archive.

- `<name>.json` (TinyDB): every ticket that is not closed or cancelled (`tickets` table, doc id =
  number), the number counter (`meta`) and recent idempotency keys (`idempotency_keys`, pruned
  after `KEY_DAYS`). A create writes all three in one atomic file write (`AtomicJSONStorage.batch`).
- `<name>-archive/tickets-NNNNN.json`: closed and cancelled tickets, a thousand numbers a file.
  So a write costs the size of the live set (or one shard), never the size of the whole history.

Moving a ticket between the two writes its new home first and removes the old copy second; a crash
in between leaves two copies, and loading keeps the one with the higher version.

Live tickets are kept decoded in memory, so queries (the SLA watcher's, `/queue`, `/mytickets`)
cost no parsing. Every operation runs under one asyncio.Lock (a read-compare-write is atomic
against other coroutines: of two claims at the same instant exactly one wins) and in a worker
thread (file I/O stays off the event loop), guarded by a thread lock too in case the awaiting
coroutine is cancelled while its thread still writes.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from store.archive import ArchiveShards
from store.atomic_storage import AtomicJSONStorage
from store.codec import ticket_from_dict, ticket_to_dict
from store.query import select
from tickets.errors import TicketNotFound, VersionConflict
from tickets.model import Status, Ticket
from tickets.ports import TicketQuery

T = TypeVar("T")
_ONE = 1  # doc id of the single-document tables
KEY_DAYS = 7  # how long a create's idempotency key is remembered (retries come within minutes)
TERMINAL = frozenset({Status.CLOSED, Status.CANCELLED})


class TinyDbTicketStore:
    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        # cache_size=0: TinyDB's query cache could outlive a discarded batch; the storage caches instead.
        self._tickets = self._db.table("tickets", cache_size=0)
        self._meta = self._db.table("meta", cache_size=0)
        self._keys = self._db.table("idempotency_keys", cache_size=0)
        self._archive = ArchiveShards(path.parent / f"{path.stem}-archive")
        self._live: dict[int, Ticket] = self._load_live()
        self._lock = asyncio.Lock()
        self._thread_lock = threading.Lock()

    # --- TicketStore ---------------------------------------------------------------------------

    async def create(self, ticket: Ticket, idempotency_key: str | None = None) -> Ticket:
        return await self._run(lambda: self._create(ticket, idempotency_key))

    async def get(self, number: int) -> Ticket:
        # A live ticket is an immutable object in memory: no lock, no thread hop. Under many
        # conversations at once the lock + hop per read serialized every status turn (issue 8).
        live = self._live.get(number)
        if live is not None:
            return live
        return await self._run(lambda: self._get(number))

    async def save(self, ticket: Ticket) -> Ticket:
        return await self._run(lambda: self._save(ticket))

    async def find(self, query: TicketQuery) -> list[Ticket]:
        return await self._run(lambda: select(self._candidates(query), query))

    def close(self) -> None:
        self._db.close()

    # --- under the locks, in a worker thread ----------------------------------------------------

    async def _run(self, work: Callable[[], T]) -> T:
        async with self._lock:
            return await asyncio.to_thread(self._locked, work)

    def _locked(self, work: Callable[[], T]) -> T:
        with self._thread_lock:
            return work()

    def _create(self, ticket: Ticket, key: str | None) -> Ticket:
        keys = self._keys.get(doc_id=_ONE) or {}
        if key is not None and key in keys:
            return self._get(_key_number(keys[key]))
        meta = self._meta.get(doc_id=_ONE) or {}
        number = int(meta.get("last_number", 0)) + 1
        created = replace(ticket, number=number, version=1)
        doc = ticket_to_dict(created)
        with self._storage.batch():
            self._meta.upsert(Document({"last_number": number}, doc_id=_ONE))
            self._tickets.insert(Document(doc, doc_id=number))
            if key is not None:
                kept = _recent_keys(keys, created.created_at)
                kept[key] = [number, created.created_at.isoformat()]
                self._keys.truncate()  # upsert would merge, keeping the pruned keys
                self._keys.insert(Document(kept, doc_id=_ONE))
        self._live[number] = created
        return created

    def _get(self, number: int) -> Ticket:
        ticket = self._read(number)
        if ticket is None:
            raise TicketNotFound(f"#{number}")
        return ticket

    def _save(self, ticket: Ticket) -> Ticket:
        stored = self._read(ticket.number)
        if stored is None:
            raise TicketNotFound(ticket.reference)
        if stored.version != ticket.version:
            raise VersionConflict(ticket.number)
        saved = replace(ticket, version=ticket.version + 1)
        self._write(saved, was_live=ticket.number in self._live)
        return saved

    # --- the only code that knows where tickets live --------------------------------------------

    def _load_live(self) -> dict[int, Ticket]:
        live: dict[int, Ticket] = {}
        for doc in self._tickets.all():
            archived = self._archive.get(doc.doc_id)
            if archived is not None and archived["version"] >= doc["version"]:
                continue  # moved to the archive; the crash came before the live copy was removed
            live[doc.doc_id] = ticket_from_dict(doc)
        return live

    def _read(self, number: int) -> Ticket | None:
        if number in self._live:
            return self._live[number]
        doc = self._archive.get(number) if number > 0 else None
        return ticket_from_dict(doc) if doc is not None else None

    def _candidates(self, query: TicketQuery) -> list[Ticket]:
        """Live tickets answer every query that cannot match a closed one; others read the archive too."""
        live = list(self._live.values())
        if query.open_only or query.due_before is not None or (
                query.statuses is not None and not query.statuses & TERMINAL):
            return live
        archived = (ticket_from_dict(doc) for doc in self._archive.all_docs())
        return live + [t for t in archived if t.number not in self._live]

    def _write(self, ticket: Ticket, was_live: bool) -> None:
        doc = ticket_to_dict(ticket)
        if ticket.status in TERMINAL:
            self._guarded(lambda: self._archive.put(ticket.number, doc))
            if was_live:
                self._tickets.remove(doc_ids=[ticket.number])
                del self._live[ticket.number]
            return
        if was_live:
            self._tickets.update(doc, doc_ids=[ticket.number])
        else:  # reopened: back to the live file, then out of the archive
            self._tickets.insert(Document(doc, doc_id=ticket.number))
            self._guarded(lambda: self._archive.remove(ticket.number))
        self._live[ticket.number] = ticket

    def _guarded(self, write: Callable[[], None]) -> None:
        try:
            write()
        except BaseException:
            self._archive.forget()
            raise


def _key_number(value: object) -> int:
    """Keys were stored as a bare number before they carried their time."""
    return int(value[0]) if isinstance(value, list) else int(value)  # type: ignore[arg-type]


def _recent_keys(keys: dict, now: datetime) -> dict:
    cutoff = (now - timedelta(days=KEY_DAYS)).isoformat()
    return {k: v for k, v in keys.items() if not isinstance(v, list) or v[1] >= cutoff}
