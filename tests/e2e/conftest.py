"""The whole bot over its real HTTP endpoint, with a fake Bot Connector on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from config import Settings
from tests.e2e import teams
from tests.fakes.connector import FakeConnector, Sent

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Desk:
    """One running bot and the connector it talks to."""

    client: TestClient
    connector: FakeConnector
    app: web.Application
    data_dir: Path | None = None

    @property
    def url(self) -> str:
        return self.connector.url

    async def post(self, activity: dict) -> tuple[int, dict | None]:
        response = await self.client.post("/api/messages", json=activity)
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body

    async def say(self, user: teams.User, text: str) -> list[Sent]:
        """A 1:1 message; returns what the bot sent back into that chat."""
        before = len(self.connector.sent)
        status, _ = await self.post(teams.personal_message(self.url, user, text))
        assert status in (200, 201)
        return [s for s in self.connector.sent[before:] if s.conversation_id == user.chat_id]

    async def in_channel(self, user: teams.User, text: str, channel: str = teams.TEAM_ID) -> list[Sent]:
        before = len(self.connector.sent)
        status, _ = await self.post(teams.channel_message(self.url, user, text, channel=channel))
        assert status in (200, 201)
        return self.connector.sent[before:]

    async def click(self, user: teams.User, verb: str, data: dict, conversation: dict | None = None,
                    channel: dict | None = None) -> dict:
        """An Action.Execute; returns the invoke answer's body."""
        conversation = conversation or teams.personal_conversation(user)
        status, body = await self.post(teams.card_action(self.url, user, verb, data, conversation, channel))
        assert status == 200, body
        assert body is not None
        return body


async def start_desk(tmp_path: Path, connector: FakeConnector, directory: Path | None = None,
                     **overrides: object) -> Desk:
    settings = Settings(data_dir=tmp_path / "data", desk_config=ROOT / "desk.yaml", directory_file=directory)
    app = create_app(settings, **overrides)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return Desk(client, connector, app, settings.data_dir)


@pytest.fixture
async def desk(tmp_path: Path, connector: FakeConnector) -> AsyncIterator[Desk]:
    running = await start_desk(tmp_path, connector)
    yield running
    await running.client.close()


@pytest.fixture
async def installed_desk(desk: Desk) -> Desk:
    """The bot added to the IT team, so tickets have a channel to go to."""
    status, _ = await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    assert status in (200, 201)
    desk.connector.clear()
    return desk
