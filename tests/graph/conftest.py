"""Fixtures: a fake Graph with the desk's lists provisioned, stores and desk services on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.domain.fakes import FakeClock, RecordingNotifier
from tests.domain.support import config
from tests.factories import T0
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness, sharepoint_harness
from tickets.ports import TicketStore
from tickets.service import DeskService


class ManualClock:
    """A monotonic clock the test moves by hand, so Retry-After waits take no real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[SharePointHarness]:
    async with sharepoint_harness(tmp_path) as made:
        yield made


@pytest.fixture
def fake(harness: SharePointHarness) -> FakeGraph:
    return harness.fake


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def desk(store: TicketStore) -> DeskService:
    return DeskService(store, RecordingNotifier(), FakeClock(T0), config())
