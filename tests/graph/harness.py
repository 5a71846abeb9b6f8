"""The SharePoint store against a fake Graph, provisioned by the real `graph.provision`.

`open()` builds a new Graph client and store each time (a restart); the outbox file is shared, as it
would be on one machine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from graph.client import GraphConnection, connect
from graph.lists import SharePointList
from graph.provision import provision
from graph.settings import GraphSettings
from store.outbox import Outbox
from store.sharepoint_state import SharePointStateStore
from store.sharepoint_store import SharePointTicketStore
from tests.graph.fake_graph import FakeGraph

SITE = "contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222"


def fake_settings(fake: FakeGraph) -> GraphSettings:
    return GraphSettings.from_env({"GRAPH_BASE_URL": fake.url, "GRAPH_AUTH": "none", "SHAREPOINT_SITE_ID": SITE})


class SharePointHarness:
    def __init__(self, fake: FakeGraph, tmp_path: Path) -> None:
        self.fake = fake
        self.tmp_path = tmp_path
        self.outbox_path = tmp_path / "outbox.json"
        self._connections: list[GraphConnection] = []

    @property
    def settings(self) -> GraphSettings:
        return fake_settings(self.fake)

    def connect(self) -> GraphConnection:
        connection = connect(self.settings)
        self._connections.append(connection)
        return connection

    async def provision(self) -> list[str]:
        return await provision(self.connect().client, self.settings, report=lambda _: None)

    async def open(self, outbox: str = "outbox.json", **options: object) -> SharePointTicketStore:
        """A new store on a new client; `outbox` names its outbox file (one per machine)."""
        items = await SharePointList.open(self.connect().client, SITE, self.settings.list_name)
        return SharePointTicketStore(items, Outbox(self.tmp_path / outbox), **options)  # type: ignore[arg-type]

    async def open_state(self) -> SharePointStateStore:
        items = await SharePointList.open(self.connect().client, SITE, self.settings.state_list_name)
        return SharePointStateStore(items)

    async def close(self) -> None:
        for connection in self._connections:
            await connection.close()


@asynccontextmanager
async def sharepoint_harness(tmp_path: Path) -> AsyncIterator[SharePointHarness]:
    async with FakeGraph() as fake:
        harness = SharePointHarness(fake, tmp_path)
        try:
            await harness.provision()
            yield harness
        finally:
            await harness.close()


class _StateHarness:
    def __init__(self, harness: SharePointHarness) -> None:
        self.harness = harness

    async def open(self) -> SharePointStateStore:
        return await self.harness.open_state()


@asynccontextmanager
async def sharepoint_state_harness(tmp_path: Path) -> AsyncIterator[_StateHarness]:
    async with sharepoint_harness(tmp_path) as harness:
        yield _StateHarness(harness)
