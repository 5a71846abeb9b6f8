"""TicketStore on one local TinyDB file: for a laptop, tests and small trials (one process).

Layout of the file (three TinyDB tables):
- `tickets`: doc id = ticket number, document = `ticket_to_dict(ticket)`;
- `meta`: doc 1 = {"last_number": n}, the counter, so a number is never given twice;
- `idempotency_keys`: doc 1 = {key: number}.
A create writes all three in one atomic file write (`AtomicJSONStorage.batch`).

Every operation runs under one asyncio.Lock (so a read-compare-write is atomic against other
coroutines: of two claims at the same instant exactly one wins) and in a worker thread (so file
I/O stays off the event loop), guarded by a thread lock as well in case the awaiting coroutine
is cancelled while its thread is still writing.

Growth (issue 8): every write re-serializes the whole file. Only `_all`, `_insert` and `_replace` touch
the tickets table, so moving closed tickets to a second file is a change local to them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from store.atomic_storage import AtomicJSONStorage
from store.codec import ticket_from_dict, ticket_to_dict
from store.query import select
from tickets.errors import TicketNotFound, VersionConflict
from tickets.model import Ticket
from tickets.ports import TicketQuery

T = TypeVar("T")
_ONE = 1  # doc id of the single-document tables


class TinyDbTicketStore:
    def __init__(self, path: str | Path) -> None:
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        # cache_size=0: TinyDB's query cache could outlive a discarded batch; the storage caches instead.
        self._tickets = self._db.table("tickets", cache_size=0)
        self._meta = self._db.table("meta", cache_size=0)
        self._keys = self._db.table("idempotency_keys", cache_size=0)
        self._decoded: dict[int, Ticket] | None = None
        self._lock = asyncio.Lock()
        self._thread_lock = threading.Lock()

    # --- TicketStore ---------------------------------------------------------------------------

    async def create(self, ticket: Ticket, idempotency_key: str | None = None) -> Ticket:
        return await self._run(lambda: self._create(ticket, idempotency_key))

    async def get(self, number: int) -> Ticket:
        return await self._run(lambda: self._get(number))

    async def save(self, ticket: Ticket) -> Ticket:
        return await self._run(lambda: self._save(ticket))

    async def find(self, query: TicketQuery) -> list[Ticket]:
        return await self._run(lambda: select(self._all().values(), query))

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
        if key is not None:
            known = (self._keys.get(doc_id=_ONE) or {}).get(key)
            if known is not None:
                return self._get(known)
        meta = self._meta.get(doc_id=_ONE) or {}
        number = int(meta.get("last_number", 0)) + 1
        created = replace(ticket, number=number, version=1)
        try:
            with self._storage.batch():
                self._meta.upsert(Document({"last_number": number}, doc_id=_ONE))
                self._insert(created)
                if key is not None:
                    self._keys.upsert(Document({key: number}, doc_id=_ONE))
        except BaseException:
            self._decoded = None  # the batch was discarded, so was the ticket _insert remembered
            raise
        return self._get(number)

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
        self._replace(saved)
        return saved

    # --- the only code that knows where tickets live --------------------------------------------

    def _read(self, number: int) -> Ticket | None:
        return self._all().get(number)

    def _all(self) -> dict[int, Ticket]:
        """Every ticket by number, decoded once and then kept in step with each write."""
        if self._decoded is None:
            self._decoded = {doc.doc_id: ticket_from_dict(doc) for doc in self._tickets.all()}
        return self._decoded

    def _insert(self, ticket: Ticket) -> None:
        doc = ticket_to_dict(ticket)
        self._tickets.insert(Document(doc, doc_id=ticket.number))
        self._remember(doc)

    def _replace(self, ticket: Ticket) -> None:
        doc = ticket_to_dict(ticket)
        self._tickets.update(doc, doc_ids=[ticket.number])
        self._remember(doc)

    def _remember(self, doc: dict) -> None:
        # Decoded from what was stored, so a reader gets exactly what a fresh store would load.
        self._all()[doc["number"]] = ticket_from_dict(doc)
