"""Fixtures shared across test folders."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e import teams
from tests.fakes.connector import FakeConnector


async def start_connector() -> FakeConnector:
    """A fake Bot Connector on 127.0.0.1 whose technicians' team holds Tess and Tom."""
    fake = FakeConnector(members={teams.TEAM_ID: [teams.TESS.member, teams.TOM.member]})
    await fake.start()
    return fake


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await start_connector()
    yield fake
    await fake.stop()
