"""What app.py gets for DESK_STORE=sharepoint: the stores and directory, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import GraphUnavailable, ListMissing
from store.sharepoint_setup import open_sharepoint
from tests.factories import make_ticket
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness, fake_settings


async def test_open_gives_working_stores_on_a_provisioned_site(harness: SharePointHarness, tmp_path: Path) -> None:
    parts = await open_sharepoint(harness.settings, tmp_path / "outbox.json")
    try:
        created = await parts.tickets.create(make_ticket())
        await parts.state.write({"ref/user-1": {"conversation": {"id": "a:1"}}})

        assert await parts.tickets.get(created.number) == created
        assert await parts.state.read(["ref/user-1"]) == {"ref/user-1": {"conversation": {"id": "a:1"}}}
    finally:
        await parts.close()


async def test_an_unprovisioned_site_is_refused_with_the_fix(tmp_path: Path) -> None:
    async with FakeGraph() as fake:
        with pytest.raises(ListMissing, match="Run `make provision`"):
            await open_sharepoint(fake_settings(fake), tmp_path / "outbox.json")


async def test_graph_out_of_reach_at_start_is_refused(tmp_path: Path) -> None:
    async with FakeGraph() as fake:
        settings = fake_settings(fake)
    with pytest.raises(GraphUnavailable):
        await open_sharepoint(settings, tmp_path / "outbox.json")
