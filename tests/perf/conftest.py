"""The whole bot over /api/messages with a fake Bot Connector, as in tests/e2e."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e import teams
from tests.e2e.conftest import Desk, start_desk
from tests.fakes.connector import FakeConnector


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector(members={teams.TEAM_ID: [teams.TESS.member, teams.TOM.member]})
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def desk(tmp_path: Path, connector: FakeConnector) -> AsyncIterator[Desk]:
    running = await start_desk(tmp_path, connector)
    yield running
    await running.client.close()
