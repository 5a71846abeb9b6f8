"""Fuzz /api/messages through the real app: never a 5xx, never an unhandled error, no ticket changed.

Seeded (FUZZ_SEED, FUZZ_CASES override) and bounded. The senders are outsiders: neither technicians
nor requesters of the tickets in the store. What they may change: they may open tickets of their
own, and a refused attempt on someone else's ticket adds one internal 'refused' event to it (the
technicians should see that someone tried). Anything else that differs is a failure.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from app import SERVICE, local_stores
from bot.conversations import ConversationBook
from tests.e2e import teams
from tests.e2e.conftest import Desk, start_desk
from tests.e2e.test_spine import GOOD_FORM
from tests.fakes.connector import FakeConnector
from tests.fuzz.activities import Case, case
from tickets.model import Ticket, Visibility
from tickets.ports import TicketQuery

SEED = int(os.environ.get("FUZZ_SEED", "20261127"))
CASES = int(os.environ.get("FUZZ_CASES", "1500"))
AT_ONCE = 8  # requests in flight together: races are part of the hostility
INSIDERS = {u.aad_id for u in (teams.ALICE, teams.BOB, teams.TESS, teams.TOM)}


async def _seed_desk(desk: Desk) -> list[str]:
    """Alice has two tickets (one claimed by Tess), Bob one; returns the cards' thread roots."""
    await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    for user, intake_id in ((teams.ALICE, "alice-form-1"), (teams.ALICE, "alice-form-2"), (teams.BOB, "bob-form-1")):
        await desk.say(user, "hello")
        answer = await desk.click(user, "intake.submit", {"intake_id": intake_id, **GOOD_FORM})
        assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    claimed = await desk.click(teams.TESS, "ticket.claim", {"ticket": "INC-000002"},
                               conversation=teams.channel_conversation(teams.TEAM_ID),
                               channel=teams.channel_data(teams.TEAM_ID))
    assert claimed["type"] == "application/vnd.microsoft.card.adaptive"
    return [s.activity_id for s in desk.connector.sent if s.kind == "create"]


async def _snapshot(desk: Desk) -> dict[int, Ticket]:
    return {t.number: t for t in await desk.app[SERVICE].store.find(TicketQuery())}


def _unexpected_change(before: Ticket, after: Ticket) -> str | None:
    """Why `after` is not `before` plus internal 'refused' events, or None."""
    added = after.history[len(before.history):]
    if after.history[:len(before.history)] != before.history:
        return "history rewritten"
    wrong = [e for e in added if e.kind != "refused" or e.visibility is not Visibility.INTERNAL]
    if wrong:
        return f"events added: {[(e.kind, e.text) for e in wrong]}"
    same = replace(after, history=before.history, version=before.version, updated_at=before.updated_at)
    return None if same == before else "fields changed"


async def _send(desk: Desk, request: Case) -> int:
    headers = {"Content-Type": request.content_type}
    if request.authorization is not None:
        headers["Authorization"] = request.authorization
    response = await desk.client.post("/api/messages", data=request.body, headers=headers)
    await response.read()
    return response.status


async def test_hostile_requests_never_break_the_bot_or_change_a_ticket(
        tmp_path: Path, connector: FakeConnector, caplog: pytest.LogCaptureFixture) -> None:
    stores = local_stores(tmp_path / "data")
    desk = await start_desk(tmp_path, connector, stores=stores, watch_sla=False)
    threads = await _seed_desk(desk)
    book = ConversationBook(stores.state)
    team_before, tickets_before = await book.team(), await _snapshot(desk)
    rng = random.Random(SEED)
    cases = [case(rng, desk.url, threads) for _ in range(CASES)]
    caplog.set_level(logging.ERROR)

    statuses: dict[int, int] = {}
    for start in range(0, len(cases), AT_ONCE):
        batch = cases[start:start + AT_ONCE]
        for index, status in enumerate(await asyncio.gather(*(_send(desk, c) for c in batch))):
            statuses[status] = statuses.get(status, 0) + 1
            assert 200 <= status < 500, (
                f"case {start + index} (seed {SEED}) answered {status}: {batch[index].body[:300]!r}")

    errors = [f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else f"{r.name}: {r.getMessage()}"
              for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"unhandled errors inside the bot (seed {SEED}): {errors[:5]}"
    assert statuses.get(200, 0) + statuses.get(201, 0) > CASES // 4, f"too little got through: {statuses}"

    tickets_after = await _snapshot(desk)
    for number, before in tickets_before.items():
        problem = _unexpected_change(before, tickets_after[number])
        assert problem is None, f"{before.reference}: {problem} (seed {SEED})"
    opened = [t for n, t in tickets_after.items() if n not in tickets_before]
    assert not [t.reference for t in opened if t.requester.id in INSIDERS], "a ticket opened in an insider's name"
    assert await book.team() == team_before, "an outsider rebound the technicians' team or a queue channel"

    still = await desk.say(teams.ALICE, "/status INC-000001")  # and the bot still serves people
    assert still and "INC-000001" in str(still[-1].body)
    await desk.client.close()
