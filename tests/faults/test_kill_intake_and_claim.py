"""SIGKILL during intake and during claims, then a restart on the same data: no acknowledged ticket or
claim lost, nothing duplicated. Seeded (FAULT_SEED); the kill lands at a random moment of a stream."""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

import aiohttp

from tests.e2e import teams
from tests.e2e.test_spine import GOOD_FORM
from tests.fakes.connector import FakeConnector
from tests.faults.harness import BotProcess, connector, install, reference_in, refused, stored_tickets

SEED = int(os.environ.get("FAULT_SEED", str(random.randrange(1_000_000))))
CARD = "application/vnd.microsoft.card.adaptive"
SUBMITTERS = [teams.User(f"29:user{i}", f"aad-user{i}", f"User {i}") for i in range(4)]


def _form(intake_id: str) -> dict:
    return {**GOOD_FORM, "intake_id": intake_id, "summary": f"Fault test {intake_id}"}


async def _submit(bot: BotProcess, fake: FakeConnector, user: teams.User, intake_id: str) -> str | None:
    """The reference the bot confirmed, or None when it did not answer with a confirmation."""
    activity = teams.card_action(fake.url, user, "intake.submit", _form(intake_id), teams.personal_conversation(user))
    status, body = await bot.post(activity)
    return reference_in(body["value"]) if status == 200 and body and body.get("type") == CARD else None


async def _stream(bot: BotProcess, fake: FakeConnector, user: teams.User, round_: int, sent: dict[str, teams.User],
                  acked: dict[str, str]) -> None:
    """Submissions one after another until the bot dies under it."""
    for i in range(10_000):
        intake_id = f"{user.aad_id}-r{round_}-{i}"
        sent[intake_id] = user
        try:
            reference = await _submit(bot, fake, user, intake_id)
        except (TimeoutError, aiohttp.ClientError):
            return
        if reference is not None:
            acked[intake_id] = reference


async def _kill_after(bot: BotProcess, acked: dict, at_least: int, rng: random.Random) -> None:
    while len(acked) < at_least:
        await asyncio.sleep(0.005)
    await asyncio.sleep(rng.uniform(0.0, 0.2))
    await bot.kill()


async def test_intake_killed_mid_stream_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    fake = await connector()
    bot = BotProcess(tmp_path / "data")
    sent: dict[str, teams.User] = {}
    acked: dict[str, str] = {}
    cardless: set[str] = set()  # saved but not acknowledged, and no card yet when the kill came
    try:
        await bot.start()
        await install(bot, fake, *SUBMITTERS)
        for round_ in range(2):
            goal = len(acked) + 6
            await asyncio.gather(_kill_after(bot, acked, goal, rng),
                                 *(_stream(bot, fake, user, round_, sent, acked) for user in SUBMITTERS))
            on_disk = {t.reference: t for t in await stored_tickets(bot.data_dir)}
            lost = {i: r for i, r in acked.items() if r not in on_disk or on_disk[r].summary != _form(i)["summary"]}
            assert not lost, f"acknowledged but lost after the kill (seed {SEED}): {lost}"
            cardless |= {r for r, t in on_disk.items() if t.channel_thread is None}
            assert not cardless & set(acked.values()), "an acknowledged ticket without its card"
            await bot.start()

        for intake_id, user in sent.items():  # every submission again, as a client retrying would
            again = await _submit(bot, fake, user, intake_id)
            assert again is not None, f"{intake_id} not confirmed after the restart (seed {SEED})"
            assert again == acked.get(intake_id, again), f"{intake_id} now answers {again}, was {acked[intake_id]}"
        await bot.stop()

        tickets = await stored_tickets(bot.data_dir)
        summaries = [t.summary for t in tickets]
        assert sorted(summaries) == sorted(_form(i)["summary"] for i in sent), f"lost or duplicated (seed {SEED})"
        assert all(t.channel_thread is not None for t in tickets), "a ticket without its channel card"
        cards = [s.body.get("summary", "").split(":")[0] for s in fake.sent if s.kind == "create"]
        assert {t.reference for t in tickets} <= set(cards)
        extra_cards = len(cards) - len(set(cards))
        in_flight = len(SUBMITTERS) * 2  # at most one submission per stream per kill
        assert extra_cards <= in_flight, f"{extra_cards} tickets got a second card (seed {SEED})"
        print(f"intake: {len(sent)} submitted, {len(acked)} acknowledged before kills, {len(tickets)} tickets, "
              f"{len(cardless)} without a card after a kill, {extra_cards} repeated cards (seed {SEED})")
    finally:
        await bot.stop()
        await fake.stop()


def _claim(fake: FakeConnector, user: teams.User, reference: str) -> dict:
    return teams.card_action(fake.url, user, "ticket.claim", {"ticket": reference},
                             teams.channel_conversation(teams.TEAM_ID), teams.channel_data(teams.TEAM_ID))


async def _claims(bot: BotProcess, fake: FakeConnector, references: list[str], won: dict[str, list[str]],
                  answered: list[int]) -> None:
    """Tess and Tom claim every ticket at once, eight requests in flight."""
    slots = asyncio.Semaphore(8)

    async def one(user: teams.User, reference: str) -> None:
        async with slots:
            try:
                status, body = await bot.post(_claim(fake, user, reference))
            except (TimeoutError, aiohttp.ClientError):
                return
        answered.append(1)
        if status == 200 and body and body.get("type") == CARD and not refused(body["value"]):
            won.setdefault(reference, []).append(user.aad_id)

    pairs = [(user, ref) for ref in references for user in (teams.TESS, teams.TOM)]
    await asyncio.gather(*(one(user, ref) for user, ref in pairs))


async def test_claims_killed_mid_flight_are_neither_lost_nor_doubled(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    fake = await connector()
    bot = BotProcess(tmp_path / "data")
    try:
        await bot.start()
        await install(bot, fake, teams.ALICE)
        references = [await _submit(bot, fake, teams.ALICE, f"claim-{i}") for i in range(24)]
        assert None not in references
        won: dict[str, list[str]] = {}
        answered: list[int] = []

        async def kill_soon() -> None:
            while len(answered) < 6:
                await asyncio.sleep(0.005)
            await asyncio.sleep(rng.uniform(0.0, 0.15))
            await bot.kill()

        await asyncio.gather(kill_soon(), _claims(bot, fake, references, won, answered))
        doubled = {r: who for r, who in won.items() if len(who) > 1}
        assert not doubled, f"two technicians were told they claimed the same ticket: {doubled} (seed {SEED})"

        await bot.start()
        after: dict[str, list[str]] = {}
        await _claims(bot, fake, references, after, [])
        again = {r: who for r, who in after.items() if r in won}
        assert not again, f"acknowledged claims taken again after the restart: {again} (seed {SEED})"
        await bot.stop()

        tickets = {t.reference: t for t in await stored_tickets(bot.data_dir)}
        for reference in references:
            ticket = tickets[reference]
            claims = [e for e in ticket.history if e.kind == "claimed"]
            assert len(claims) == 1, f"{reference} claimed {len(claims)} times (seed {SEED})"
            told = won.get(reference) or after.get(reference)  # None: saved, but the kill ate the answer
            allowed = told or [teams.TESS.aad_id, teams.TOM.aad_id]
            assert ticket.assignee is not None and ticket.assignee.id in allowed, (
                f"{reference}: assigned to {ticket.assignee}, acknowledged to {told} (seed {SEED})")
        print(f"claims: {sum(map(len, won.values()))} acknowledged before the kill, "
              f"{len(references) - len(won)} settled after the restart (seed {SEED})")
    finally:
        await bot.stop()
        await fake.stop()
