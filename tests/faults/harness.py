"""`python app.py` as a real process on 127.0.0.1, killed with SIGKILL and started again on the same
data, talking to a fake Bot Connector that runs in the test's event loop."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from store.tinydb_store import TinyDbTicketStore
from tests.conftest import start_connector
from tests.e2e import teams
from tests.fakes.connector import FakeConnector
from tickets.model import Ticket
from tickets.ports import TicketQuery

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 20.0
KEPT_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYTHONHASHSEED")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class BotProcess:
    data_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    port: int = 0
    session: aiohttp.ClientSession | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k in KEPT_ENV}  # no app id: auth off
        env.update({"PORT": str(self.port), "HOST": "127.0.0.1", "DESK_DATA_DIR": str(self.data_dir),
                    "PYTHONUNBUFFERED": "1", **self.extra_env})
        self.log_path = self.data_dir.parent / f"bot-{self.port}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        await self._close_session()  # a killed bot's requests still in flight fail on their own
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the bot exited at start:\n{self.log()}"
            try:
                async with self.session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot did not answer /healthz within {START_SECONDS} s:\n{self.log()}")

    async def post(self, activity: dict) -> tuple[int, dict | None]:
        assert self.session is not None
        async with self.session.post(f"{self.url}/api/messages", json=activity) as response:
            body = await response.json() if response.content_type == "application/json" else None
            return response.status, body

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path else ""

    async def kill(self) -> None:
        """SIGKILL: no cleanup, no flush, no lease release."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            await asyncio.to_thread(self.process.wait, 10)

    async def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                await asyncio.to_thread(self.process.wait, 10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                await asyncio.to_thread(self.process.wait, 10)
        await self._close_session()

    async def _close_session(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


async def connector() -> FakeConnector:
    return await start_connector()


async def install(bot: BotProcess, fake: FakeConnector, *people: teams.User) -> None:
    """The bot added to the technicians' team; each person has said hello in their 1:1 chat."""
    status, _ = await bot.post(teams.bot_added_to_team(fake.url, teams.TESS))
    assert status in (200, 201)
    for person in people:
        status, _ = await bot.post(teams.personal_message(fake.url, person, "hello"))
        assert status in (200, 201)


async def stored_tickets(data_dir: Path) -> list[Ticket]:
    """Every ticket on disk, read while no bot runs (opening the store clears a killed writer's temp files)."""
    store = TinyDbTicketStore(data_dir / "tickets.json")
    try:
        return await store.find(TicketQuery())
    finally:
        store.close()


def refused(card: dict) -> bool:
    """A ticket card answered with a red notice on top: the action was refused."""
    body = card.get("body") or []
    return bool(body) and '"attention"' in json.dumps(body[0])


def reference_in(card: dict) -> str:
    text = json.dumps(card).replace('"', " ")
    return next(w for w in text.split() if w.startswith(("INC-", "REQ-", "CHG-"))).rstrip(".,·:")
