"""The stores the contract suites run against: add a store here and every contract test covers it.

Each entry is an async context manager factory `(tmp_path) -> harness`. A harness's `open()` makes a
new store object on the same data each time it is called: calling it twice is a "reopen", as after
a restart (a new TinyDB object on the same file; for SharePoint, a new client on the same fake
Graph server). The context manager's exit stops whatever it started.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Protocol

from store.state_store import JsonFileStateStore
from store.tinydb_store import TinyDbTicketStore
from tests.graph.harness import sharepoint_harness, sharepoint_state_harness
from tests.multi.azurite import blob_state_harness
from tickets.ports import StateStore, TicketStore


class TicketStoreHarness(Protocol):
    async def open(self) -> TicketStore: ...


class StateStoreHarness(Protocol):
    async def open(self) -> StateStore: ...


class _TinyDb:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def open(self) -> TicketStore:
        return TinyDbTicketStore(self.path)


class _JsonFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def open(self) -> StateStore:
        return JsonFileStateStore(self.path)


@asynccontextmanager
async def tinydb_tickets(tmp_path: Path) -> AsyncIterator[TicketStoreHarness]:
    yield _TinyDb(tmp_path / "tickets.json")


@asynccontextmanager
async def json_file_state(tmp_path: Path) -> AsyncIterator[StateStoreHarness]:
    yield _JsonFile(tmp_path / "state.json")


TICKET_STORES: dict[str, Callable[[Path], AbstractAsyncContextManager[TicketStoreHarness]]] = {
    "tinydb": tinydb_tickets,
    "sharepoint": sharepoint_harness,
}

STATE_STORES: dict[str, Callable[[Path], AbstractAsyncContextManager[StateStoreHarness]]] = {
    "json-file": json_file_state,
    "sharepoint": sharepoint_state_harness,
    "azure-blob": blob_state_harness,
}
