"""The bot with DESK_STORE=sharepoint answers from the knowledge list and counts deflections in SharePoint,
so every instance shares the articles and the reports count what happened on all of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import load_desk_config, sharepoint_app
from config import Settings
from graph.lists import SharePointList
from graph.schema import DEFLECTIONS_LIST, KNOWLEDGE_LIST
from store.import_kb import import_articles
from tests.e2e import teams
from tests.e2e.conftest import ROOT, Desk
from tests.e2e.test_self_service import actions_of, suggestions
from tests.e2e.test_spine import card_text
from tests.fakes.connector import FakeConnector
from tests.graph.harness import SITE, SharePointHarness
from tests.kb.articles import shipped


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.stop()


async def test_an_employee_is_deflected_by_an_article_from_the_list(
        harness: SharePointHarness, tmp_path: Path, connector: FakeConnector) -> None:
    items = await SharePointList.open(harness.connect().client, SITE, KNOWLEDGE_LIST)
    await import_articles(items, shipped(), lambda _: None)
    settings = Settings(data_dir=tmp_path / "data", store="sharepoint", graph=harness.settings)
    app = await sharepoint_app(settings, load_desk_config(ROOT / "desk.yaml"))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    desk = Desk(client, connector, app)
    try:
        card = await suggestions(desk, "my vpn keeps dropping every few minutes")
        solved = next(a for a in actions_of(card) if a["verb"] == "kb.solved")
        answer = await desk.click(teams.ALICE, "kb.solved", solved["data"])
        assert "No ticket needed" in card_text(answer["value"])
    finally:
        await client.close()

    events = harness.fake.list_named(SITE, DEFLECTIONS_LIST).items.values()
    assert [(e.fields["Outcome"], e.fields["ArticleId"]) for e in events] == [("solved", solved["data"]["article"])]
    assert not (tmp_path / "data" / "deflections.json").exists()
