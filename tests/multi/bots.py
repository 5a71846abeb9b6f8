"""Bot instances as real processes (`python app.py`), each with its own port and data folder.

They are killed when the test process dies too (Linux: PR_SET_PDEATHSIG), so nothing outlives a run.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.e2e import teams
from tests.fakes.connector import FakeConnector, Sent

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class BotProcess:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    connector: FakeConnector
    session: aiohttp.ClientSession

    @classmethod
    async def start(cls, name: str, folder: Path, env: Mapping[str, str], connector: FakeConnector) -> BotProcess:
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log = folder / "bot.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "app.py"], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                env={**env, "PORT": str(port), "HOST": "127.0.0.1", "DESK_DATA_DIR": str(folder / "data")},
                preexec_fn=_die_with_parent)
        return cls(name, process, port, log, connector, aiohttp.ClientSession(f"http://127.0.0.1:{port}"))

    @property
    def url(self) -> str:
        """The service URL activities carry: the fake Connector's."""
        return self.connector.url

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return f"--- {self.name} (pid {self.process.pid}) ---\n" + "\n".join(text[-lines:])

    async def ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode}\n{self.tail()}")
            try:
                async with self.session.get("/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
        raise AssertionError(f"{self.name} did not answer /healthz in time\n{self.tail()}")

    async def post(self, activity: dict) -> tuple[int, dict | None]:
        async with self.session.post("/api/messages", json=activity) as response:
            body = await response.json() if response.content_type == "application/json" else None
            return response.status, body

    async def say(self, user: teams.User, text: str) -> list[Sent]:
        before = len(self.connector.sent)
        status, _ = await self.post(teams.personal_message(self.url, user, text))
        assert status in (200, 201), f"{self.name} answered {status}"
        return [s for s in self.connector.sent[before:] if s.conversation_id == user.chat_id]

    async def click(self, user: teams.User, verb: str, data: dict, conversation: dict | None = None,
                    channel: dict | None = None) -> dict:
        conversation = conversation or teams.personal_conversation(user)
        status, body = await self.post(teams.card_action(self.url, user, verb, data, conversation, channel))
        assert status == 200 and body is not None, f"{self.name} answered {status}: {body}"
        return body

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    async def stop(self, timeout: float = 15) -> int:
        """SIGTERM (aiohttp shuts down cleanly on it), then SIGKILL if it hangs; returns the exit code."""
        await self.session.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                await asyncio.to_thread(self.process.wait, timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def quiet_env(**values: str) -> dict[str, str]:
    """This environment, minus settings a developer's shell or `.env` could slip in, plus `values`."""
    blank = ["MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppType", "MicrosoftAppTenantId", "DESK_DIRECTORY",
             "DESK_PUBLIC_URL", "DESK_KB_DIR", "SHAREPOINT_LIST", "SHAREPOINT_STATE_LIST", "GRAPH_TENANT_ID",
             "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "GRAPH_CERTIFICATE_PATH", "GRAPH_MANAGED_IDENTITY"]
    return {**os.environ, **dict.fromkeys(blank, ""), "PYTHONUNBUFFERED": "1", **values}
