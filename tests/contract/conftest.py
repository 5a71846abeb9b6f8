"""Fixtures that run each contract test once per store listed in `stores.py`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.contract.stores import STATE_STORES, TICKET_STORES, StateStoreHarness, TicketStoreHarness
from tickets.ports import StateStore, TicketStore


@pytest.fixture(params=sorted(TICKET_STORES))
async def ticket_harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TicketStoreHarness]:
    async with TICKET_STORES[request.param](tmp_path) as harness:
        yield harness


@pytest.fixture
async def ticket_store(ticket_harness: TicketStoreHarness) -> TicketStore:
    return await ticket_harness.open()


@pytest.fixture(params=sorted(STATE_STORES))
async def state_harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StateStoreHarness]:
    async with STATE_STORES[request.param](tmp_path) as harness:
        yield harness


@pytest.fixture
async def state_store(state_harness: StateStoreHarness) -> StateStore:
    return await state_harness.open()
