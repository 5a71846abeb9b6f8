"""The DeflectionLog contract: every deflection log in `stores.py` must pass these tests.

Times are whole seconds: SharePoint keeps dateTime columns to the second."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.contract.stores import DEFLECTION_LOGS, DeflectionLogHarness
from tests.domain.support import utc
from tickets.kb.deflection import DeflectionEvent, Outcome, need_help_events, solved_event
from tickets.ports import DeflectionLog

T0 = utc(2026, 11, 16, 9)


@pytest.fixture(params=sorted(DEFLECTION_LOGS))
async def harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[DeflectionLogHarness]:
    async with DEFLECTION_LOGS[request.param](tmp_path) as made:
        yield made


@pytest.fixture
async def log(harness: DeflectionLogHarness) -> DeflectionLog:
    return await harness.open()


def at(minutes: int) -> DeflectionEvent:
    return solved_event(T0 + timedelta(minutes=minutes), f"user-{minutes}", "vpn-keeps-dropping", f"vpn {minutes}")


async def test_an_empty_log_lists_nothing(log: DeflectionLog) -> None:
    assert await log.list() == []
    assert await log.list(T0) == []


async def test_events_come_back_whole_and_oldest_first(log: DeflectionLog) -> None:
    long_question = "My VPN drops " + "every few minutes when I join a Teams call " * 10
    events = [at(30), *need_help_events(T0, "user-9", ["printer-jam", "vpn-keeps-dropping"], long_question), at(5)]
    events.append(DeflectionEvent(T0 + timedelta(minutes=1), "user-8", "", "hello?", Outcome.STILL_NEED_HELP))
    for event in events:
        await log.record(event)

    listed = await log.list()

    assert listed == sorted(events, key=lambda e: e.at)
    assert listed[0].query == long_question and listed[1].query == long_question
    assert [e.article_id for e in listed[:2]] == ["printer-jam", "vpn-keeps-dropping"]


async def test_since_keeps_the_events_at_or_after_it(log: DeflectionLog) -> None:
    for minutes in (0, 10, 20, 30):
        await log.record(at(minutes))

    assert [e.person_id for e in await log.list(T0 + timedelta(minutes=10))] == ["user-10", "user-20", "user-30"]
    assert [e.person_id for e in await log.list(T0 + timedelta(minutes=11))] == ["user-20", "user-30"]
    assert await log.list(T0 + timedelta(days=1)) == []


async def test_events_survive_a_restart(harness: DeflectionLogHarness) -> None:
    first = await harness.open()
    await first.record(at(1))
    await first.record(at(2))

    again = await harness.open()

    assert await again.list() == [at(1), at(2)]
