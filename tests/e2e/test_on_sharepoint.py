"""The whole bot on the SharePoint store (fake Graph on 127.0.0.1, real msgraph-sdk client)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import SERVICE, load_desk_config, sharepoint_app
from config import Settings
from graph.errors import ListMissing
from tests.e2e import teams
from tests.e2e.conftest import ROOT, Desk
from tests.e2e.test_spine import card_text, open_ticket
from tests.fakes.connector import FakeConnector
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SITE, fake_settings, sharepoint_harness


async def test_intake_and_claim_on_sharepoint(tmp_path: Path, connector: FakeConnector) -> None:
    async with sharepoint_harness(tmp_path) as harness:
        settings = Settings(data_dir=tmp_path / "data", store="sharepoint", graph=harness.settings)
        app = await sharepoint_app(settings, load_desk_config(ROOT / "desk.yaml"))
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        desk = Desk(client, connector, app)
        try:
            await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
            reference = await open_ticket(desk, teams.ALICE)
            answer = await desk.click(teams.TESS, "ticket.claim", {"ticket": reference},
                                      teams.channel_conversation(teams.TEAM_ID), teams.channel_data(teams.TEAM_ID))
            assert "Tess Technician" in card_text(answer["value"])
            number = int(reference.split("-")[1])
            stored = await app[SERVICE].store.get(number)
            assert stored.assignee.name == "Tess Technician"
            tickets_list = harness.fake.list_named(SITE, harness.settings.list_name)
            assert number in tickets_list.items, "the ticket must be a SharePoint list item"
        finally:
            await client.close()


async def test_refuses_to_start_when_the_list_is_missing(tmp_path: Path) -> None:
    async with FakeGraph() as fake:
        settings = Settings(data_dir=tmp_path, store="sharepoint", graph=fake_settings(fake))
        with pytest.raises(ListMissing) as raised:
            await sharepoint_app(settings, load_desk_config(ROOT / "desk.yaml"))
        assert "make provision" in str(raised.value)
