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

from graph.lists import SharePointList
from graph.schema import DEFLECTIONS_LIST, KNOWLEDGE_LIST
from store.deflection_log import JsonFileDeflectionLog
from store.kb_files import FileKnowledgeBase
from store.sharepoint_deflections import SharePointDeflectionLog
from store.sharepoint_kb import SharePointKnowledgeBase
from store.state_store import JsonFileStateStore
from store.tinydb_store import TinyDbTicketStore
from tests.graph.harness import SITE, SharePointHarness, sharepoint_harness, sharepoint_state_harness
from tests.multi.azurite import blob_state_harness
from tickets.ports import DeflectionLog, KnowledgeBase, StateStore, TicketStore


class TicketStoreHarness(Protocol):
    async def open(self) -> TicketStore: ...


class StateStoreHarness(Protocol):
    async def open(self) -> StateStore: ...


class KnowledgeBaseHarness(Protocol):
    async def open(self) -> KnowledgeBase: ...


class DeflectionLogHarness(Protocol):
    async def open(self) -> DeflectionLog: ...


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


class _FileKnowledge:
    """An empty shipped library (articles come through the port), drafts under a data folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.library = tmp_path / "kb"
        self.library.mkdir(exist_ok=True)
        self.data = tmp_path / "data"

    async def open(self) -> KnowledgeBase:
        return FileKnowledgeBase.in_data_dir(self.library, self.data)


class _SharePointKnowledge:
    def __init__(self, harness: SharePointHarness) -> None:
        self.harness = harness
        self.opened: list[SharePointKnowledgeBase] = []

    async def open(self) -> KnowledgeBase:
        items = await SharePointList.open(self.harness.connect().client, SITE, KNOWLEDGE_LIST)
        self.opened.append(SharePointKnowledgeBase(items))
        return self.opened[-1]


class _FileDeflections:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def open(self) -> DeflectionLog:
        return JsonFileDeflectionLog(self.path)


class _SharePointDeflections:
    def __init__(self, harness: SharePointHarness) -> None:
        self.harness = harness

    async def open(self) -> DeflectionLog:
        items = await SharePointList.open(self.harness.connect().client, SITE, DEFLECTIONS_LIST)
        return SharePointDeflectionLog(items)


@asynccontextmanager
async def file_knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeBaseHarness]:
    yield _FileKnowledge(tmp_path)


@asynccontextmanager
async def sharepoint_knowledge(tmp_path: Path) -> AsyncIterator[KnowledgeBaseHarness]:
    async with sharepoint_harness(tmp_path) as harness:
        made = _SharePointKnowledge(harness)
        try:
            yield made
        finally:
            for kb in made.opened:
                await kb.close()


@asynccontextmanager
async def file_deflections(tmp_path: Path) -> AsyncIterator[DeflectionLogHarness]:
    yield _FileDeflections(tmp_path / "deflections.json")


@asynccontextmanager
async def sharepoint_deflections(tmp_path: Path) -> AsyncIterator[DeflectionLogHarness]:
    async with sharepoint_harness(tmp_path) as harness:
        yield _SharePointDeflections(harness)


KNOWLEDGE_BASES: dict[str, Callable[[Path], AbstractAsyncContextManager[KnowledgeBaseHarness]]] = {
    "files": file_knowledge,
    "sharepoint": sharepoint_knowledge,
}

DEFLECTION_LOGS: dict[str, Callable[[Path], AbstractAsyncContextManager[DeflectionLogHarness]]] = {
    "json-file": file_deflections,
    "sharepoint": sharepoint_deflections,
}
