"""Azurite (npm `azurite`, installed into tools/azurite by `make test`) for the tests.

One emulator per test session on 127.0.0.1, on a port it picks itself, with its data in a temporary
folder; every user takes a fresh container. It stops at the end of the session, and also when the
test process is killed (it watches its stdin, see tools/azurite/exit_with_parent.js).
"""

from __future__ import annotations

import asyncio
import atexit
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from azure.storage.blob.aio import BlobServiceClient

from store.blob_state import BlobStateStore, open_blob_state

TOOL = Path(__file__).resolve().parents[2] / "tools" / "azurite"
MAIN = TOOL / "node_modules" / "azurite" / "dist" / "src" / "blob" / "main.js"
# Azurite's published development account and key (the same in every Azurite), not a secret.
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
_LISTENING = re.compile(r"listens on http://127\.0\.0\.1:(\d+)")


@dataclass
class Azurite:
    process: subprocess.Popen
    folder: Path
    port: int

    @property
    def connection_string(self) -> str:
        return (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
                f"BlobEndpoint=http://127.0.0.1:{self.port}/{ACCOUNT};")

    @classmethod
    def start(cls) -> Azurite:
        node = shutil.which("node")
        if node is None:
            pytest.skip("node is not installed, so Azurite (npm) cannot run: Blob storage tests skipped")
        if not MAIN.is_file():
            raise RuntimeError(f"Azurite is not installed at {TOOL}: run `make test` or `npm ci --prefix tools/azurite`")
        folder = Path(tempfile.mkdtemp(prefix="azurite-"))
        log = folder / "azurite.log"
        with log.open("wb") as output:
            # --loose and --skipApiVersionCheck: azure-storage-blob sends headers and an API version
            # newer than Azurite 3.37 knows, which it would otherwise refuse.
            process = subprocess.Popen(
                [node, "--require", str(TOOL / "exit_with_parent.js"), str(MAIN), "--location", str(folder / "data"),
                 "--blobHost", "127.0.0.1", "--blobPort", "0", "--disableTelemetry", "--loose",
                 "--skipApiVersionCheck"], stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = _LISTENING.search(log.read_text(errors="replace"))
            if found:
                return cls(process, folder, int(found.group(1)))
            if process.poll() is not None:
                break
            time.sleep(0.05)
        process.kill()
        raise RuntimeError(f"Azurite did not start: {log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        """Closing its stdin makes it exit at once (SIGTERM waits for idle keep-alive connections)."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_shared: list[Azurite] = []


async def azurite() -> Azurite:
    """The session's Azurite, started on first use."""
    if not _shared or _shared[0].process.poll() is not None:
        started = await asyncio.to_thread(Azurite.start)
        atexit.register(started.stop)
        _shared[:] = [started]
    return _shared[0]


def new_container() -> str:
    return "test-" + uuid.uuid4().hex[:16]


@dataclass
class BlobStateHarness:
    """`open()` gives a new store on a new client each time (a restart); the data stays in Azurite."""

    emulator: Azurite
    container: str
    _clients: list[BlobServiceClient] = field(default_factory=list)

    async def open(self) -> BlobStateStore:
        client = BlobServiceClient.from_connection_string(self.emulator.connection_string)
        self._clients.append(client)
        return BlobStateStore(client.get_container_client(self.container))

    async def close(self) -> None:
        for client in self._clients:
            await client.close()


@asynccontextmanager
async def blob_state_harness(tmp_path: Path) -> AsyncIterator[BlobStateHarness]:
    emulator = await azurite()
    container = new_container()
    await (await open_blob_state(emulator.connection_string, container)).close()  # makes the container
    harness = BlobStateHarness(emulator, container)
    try:
        yield harness
    finally:
        await harness.close()
