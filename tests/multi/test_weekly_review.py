"""The weekly review with two instances on one Blob state: posted once, by whichever holds its lease.

The poster reads then writes its "posted" key, which is no transaction: without the lease two
instances running at the same moment can both post (this test then fails about two runs in three).
Both instances run their background loop every 50 ms against one clock set to Monday 09:05, when the
review is due.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from app import Stores, create_app
from config import Settings
from store.blob_state import open_blob_state
from store.tinydb_store import TinyDbTicketStore
from tests.domain.fakes import FakeClock
from tests.domain.support import utc
from tests.e2e import teams
from tests.e2e.conftest import ROOT
from tests.fakes.connector import FakeConnector
from tests.multi.azurite import azurite, new_container


def reviews_posted(connector: FakeConnector) -> list[str]:
    return [s.conversation_id for s in connector.sent if s.kind == "create" and "Weekly review" in json.dumps(s.body)]


async def test_two_instances_post_the_weekly_review_once(tmp_path: Path, connector: FakeConnector) -> None:
    emulator = await azurite()
    container = new_container()
    clock = FakeClock(utc(2026, 11, 30, 9, 5))  # Monday 09:05 in London
    tickets = TinyDbTicketStore(tmp_path / "tickets.json")  # one ticket store, as SharePoint would be
    shared = [await open_blob_state(emulator.connection_string, container) for _ in range(2)]
    servers = []
    for name, blob in zip("ab", shared, strict=True):
        settings = Settings(data_dir=tmp_path / name, desk_config=ROOT / "desk.yaml", sla_scan_seconds=0.05)
        app = create_app(settings, stores=Stores(tickets, blob.state, blob.lease), clock=clock)
        servers.append(TestServer(app, host="127.0.0.1"))
    try:
        for server in servers:
            await server.start_server()
        async with aiohttp.ClientSession() as session, session.post(
                servers[0].make_url("/api/messages"), json=teams.bot_added_to_team(connector.url, teams.TESS)) as answer:
            assert answer.status in (200, 201)
        deadline = time.monotonic() + 10
        while not reviews_posted(connector) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # about ten more rounds on each instance

        posted = reviews_posted(connector)
        assert len(posted) == 1 and posted[0].startswith(teams.TEAM_ID)
    finally:
        for server in servers:
            await server.close()
        for blob in shared:
            await blob.close()
