"""`/export` links live in the shared state, so any instance serves them, and they go away after 15 minutes."""

from __future__ import annotations

import base64
import csv
import io
import random
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from app import Stores
from bot.exports import CHUNK_CHARS, INDEX_KEY, LIFETIME_SECONDS, ExportShelf, ExportTooLarge
from store.state_store import JsonFileStateStore
from store.tinydb_store import TinyDbTicketStore
from tests.e2e import teams
from tests.e2e.conftest import start_desk
from tests.e2e.test_spine import open_ticket
from tests.fakes.connector import FakeConnector
from tests.graph.harness import SITE, sharepoint_state_harness
from tickets.ports import StateStore

SHAREPOINT_NOTE_MAX = 63_999  # characters a multi-line text column holds


class WallClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def busy_desk_csv(size: int) -> bytes:
    """Rows like a month of a busy desk's events: ids and timestamps compress, free text less so."""
    rng = random.Random(7)
    words = "vpn printer outlook password teams laptop dock badge screen mailbox slow cannot error".split()
    out = io.StringIO()
    writer = csv.writer(out)
    n = 0
    while out.tell() < size:
        n += 1
        writer.writerow([f"INC-{n:06d}", f"2026-11-16T09:{n % 60:02d}:{n * 7 % 60:02d}Z", f"user-{rng.randrange(4000)}",
                         " ".join(rng.choice(words) for _ in range(rng.randrange(5, 30))), f"{rng.random():.6f}"])
    return out.getvalue().encode("utf-8")


async def served(shelf: ExportShelf) -> AsyncIterator[TestClient]:
    app = web.Application()
    app.router.add_get("/exports/{token}/{name}", shelf.serve)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def path_of(link: str) -> str:
    """`http://localhost:3978/exports/<token>/<name>` -> `/exports/<token>/<name>`."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


async def fetch(client: TestClient, link: str) -> tuple[int, bytes]:
    response = await client.get(path_of(link))
    return response.status, await response.read()


async def test_a_link_made_on_one_instance_works_on_another(tmp_path: Path, connector: FakeConnector) -> None:
    shared = Stores(TinyDbTicketStore(tmp_path / "tickets.json"), JsonFileStateStore(tmp_path / "state.json"))
    one = await start_desk(tmp_path / "one", connector, stores=shared)
    two = await start_desk(tmp_path / "two", connector, stores=shared)
    try:
        await one.post(teams.bot_added_to_team(one.url, teams.TESS))
        await open_ticket(one, teams.ALICE)
        sent = await one.in_channel(teams.TESS, "export 30d")
        links = [w.split("](")[-1].strip("()") for w in sent[-1].text.split() if "/exports/" in w]
        assert len(links) == 2

        for link in links:
            here, there = await one.client.get(path_of(link)), await two.client.get(path_of(link))
            assert here.status == there.status == 200
            assert await here.read() == await there.read()
            assert there.headers["Content-Disposition"].startswith("attachment")
        assert b"INC-000001" in (await fetch(two.client, links[0]))[1]
    finally:
        await one.client.close()
        await two.client.close()


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


async def roundtrip_and_expire(state: StateStore, clock: WallClock, content: bytes, chunk_chars: int,
                               while_stored: Callable[[], None] = lambda: None) -> list[str]:
    """Put, serve, expire, and check the state is cleaned; returns the keys the export used."""
    shelf = ExportShelf("http://localhost:3978", state, clock=clock, chunk_chars=chunk_chars)
    async for client in served(shelf):
        link = await shelf.put("tickets-30d.csv", content)
        token = link.split("/exports/", 1)[1].split("/", 1)[0]
        head = (await state.read([f"exports/{token}"]))[f"exports/{token}"]
        keys = [f"exports/{token}"] + [f"exports/{token}/{i}" for i in range(head["parts"]) if head["parts"] > 1]
        documents = await state.read(keys)
        assert len(documents) == len(keys)
        assert all(len(str(d.get("content", ""))) <= chunk_chars for d in documents.values())
        while_stored()

        assert await fetch(client, link) == (200, content)
        assert (await fetch(client, link.replace("tickets-30d", "events-30d")))[0] == 404
        other = token[:-1] + ("B" if token.endswith("A") else "A")  # a token one character off
        assert (await fetch(client, link.replace(token, other)))[0] == 404

        clock.now += LIFETIME_SECONDS
        assert (await fetch(client, link))[0] == 404
        assert await state.read(keys) == {}, "an expired export is deleted when its link is used"
    return keys


async def test_a_big_export_is_kept_in_pieces_and_deleted_once_expired(tmp_path: Path, clock: WallClock) -> None:
    content = busy_desk_csv(400_000)
    keys = await roundtrip_and_expire(JsonFileStateStore(tmp_path / "state.json"), clock, content, chunk_chars=20_000)
    assert len(keys) > 3


async def test_an_expired_export_nobody_opens_is_deleted_by_the_next_one(tmp_path: Path, clock: WallClock) -> None:
    state = JsonFileStateStore(tmp_path / "state.json")
    shelf = ExportShelf("http://localhost:3978", state, clock=clock, chunk_chars=1_000)
    old = (await shelf.put("old.csv", busy_desk_csv(20_000))).split("/exports/", 1)[1].split("/", 1)[0]
    old_keys = [f"exports/{old}", f"exports/{old}/0", f"exports/{old}/1"]
    assert len(await state.read(old_keys)) == 3

    clock.now += LIFETIME_SECONDS + 1
    new = (await shelf.put("new.csv", b"a,b\n")).split("/exports/", 1)[1].split("/", 1)[0]

    assert await state.read(old_keys) == {}
    assert set((await state.read([INDEX_KEY]))[INDEX_KEY]) == {new}


async def test_an_export_too_big_for_a_link_is_refused_with_what_to_do(tmp_path: Path, clock: WallClock) -> None:
    shelf = ExportShelf("http://localhost:3978", JsonFileStateStore(tmp_path / "state.json"), clock=clock,
                        max_bytes=1_000_000)
    with pytest.raises(ExportTooLarge) as refused:
        await shelf.put("events-30d.csv", b"x" * 1_500_000)
    assert "1.5 MB" in refused.value.message and "export 7d" in refused.value.message


async def test_a_month_of_a_busy_desk_fits_the_sharepoint_state_list(tmp_path: Path, clock: WallClock) -> None:
    content = busy_desk_csv(3_000_000)
    async with sharepoint_state_harness(tmp_path) as harness:
        stored = harness.harness.fake.list_named(SITE, harness.harness.settings.state_list_name)

        def every_item_fits() -> None:
            sizes = [len(i.fields["Document"]) for i in stored.items.values()]
            assert len(sizes) > 2 and max(sizes) <= SHAREPOINT_NOTE_MAX

        keys = await roundtrip_and_expire(await harness.open(), clock, content, CHUNK_CHARS, every_item_fits)
    assert len(keys) > 2 and len(base64.b64encode(content)) > 30 * SHAREPOINT_NOTE_MAX
