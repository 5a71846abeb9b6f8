"""StateStore on one local JSON file ({key: document}), written atomically (see atomic_file)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic

T = TypeVar("T")


class JsonFileStateStore:
    """One process owns the file; it is read once and kept in memory, every change rewrites it."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._documents: dict[str, Any] | None = None
        self._lock = asyncio.Lock()
        self._thread_lock = threading.Lock()
        remove_stale_temp_files(self._path)

    async def read(self, keys: list[str]) -> dict[str, dict]:
        documents = await self._locked(self._load)
        return {key: _copy(documents[key]) for key in keys if key in documents}

    async def write(self, documents: dict[str, dict]) -> None:
        incoming = _copy(documents)  # fails on anything not JSON before a byte is written
        await self._locked(lambda: self._commit({**self._load(), **incoming}))

    async def delete(self, keys: list[str]) -> None:
        def remove() -> None:
            current = self._load()
            if any(key in current for key in keys):
                self._commit({k: v for k, v in current.items() if k not in keys})

        await self._locked(remove)

    async def _locked(self, work: Callable[[], T]) -> T:
        async with self._lock:
            return await asyncio.to_thread(self._in_thread, work)

    def _in_thread(self, work: Callable[[], T]) -> T:
        with self._thread_lock:
            return work()

    def _load(self) -> dict[str, Any]:
        if self._documents is None:
            self._documents = read_json(self._path) or {}
        return self._documents

    def _commit(self, documents: dict[str, Any]) -> None:
        write_json_atomic(self._path, documents)
        self._documents = documents  # only once the file holds them


def _copy(value: Any) -> Any:
    """A deep, JSON-only copy: callers never share objects with the store's memory."""
    return json.loads(json.dumps(value))
