"""StateStore on local JSON files: the keys spread over shard files, so a write rewrites one small file.

The state grows with the desk (a conversation reference per user, a link per ticket message), so
one file rewritten whole on every write would get slower every week. Keys hash into `SHARDS` files
under `<name>.d/`. A write of several keys is all or nothing: the batch goes to a journal file
first (atomically), then to its shards, then the journal is removed; loading replays a journal
left by a crash. A `state.json` from an earlier version is moved into the shards on first use.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic

T = TypeVar("T")
SHARDS = 64
_DELETED = {"__deleted__": True}  # a journal entry that removes its key


class JsonFileStateStore:
    """One process owns the files; shards are read once and kept in memory."""

    def __init__(self, path: str | Path) -> None:
        self._legacy = Path(path)
        self._folder = self._legacy.parent / f"{self._legacy.name}.d"
        self._journal = self._folder / "journal.json"
        self._shards: dict[int, dict[str, Any]] = {}
        self._recovered = False
        self._lock = asyncio.Lock()
        self._thread_lock = threading.Lock()

    async def read(self, keys: list[str]) -> dict[str, dict]:
        def load() -> dict[str, Any]:
            return {key: self._shard(_shard_of(key))[key] for key in keys if key in self._shard(_shard_of(key))}

        return _copy(await self._locked(load))

    async def write(self, documents: dict[str, dict]) -> None:
        incoming = _copy(documents)  # fails on anything not JSON before a byte is written
        await self._locked(lambda: self._apply(incoming))

    async def delete(self, keys: list[str]) -> None:
        await self._locked(lambda: self._apply({key: _DELETED for key in keys}))

    # --- under the locks, in a worker thread ----------------------------------------------------

    async def _locked(self, work: Callable[[], T]) -> T:
        async with self._lock:
            return await asyncio.to_thread(self._in_thread, work)

    def _in_thread(self, work: Callable[[], T]) -> T:
        with self._thread_lock:
            self._recover()
            return work()

    def _apply(self, changes: dict[str, Any]) -> None:
        touched = {_shard_of(key) for key in changes}
        if len(touched) > 1:
            write_json_atomic(self._journal, changes)
        self._write_shards(changes)
        if len(touched) > 1:
            self._journal.unlink()

    def _write_shards(self, changes: dict[str, Any]) -> None:
        by_shard: dict[int, dict[str, Any]] = {}
        for key, value in changes.items():
            by_shard.setdefault(_shard_of(key), {})[key] = value
        for index, part in by_shard.items():
            current = self._shard(index)
            updated = {k: v for k, v in {**current, **part}.items() if v != _DELETED}
            if updated != current:
                write_json_atomic(self._path(index), updated)
                self._shards[index] = updated  # only once the file holds them

    def _recover(self) -> None:
        """Once per process: finish a batch a crash interrupted, and move a legacy single file in."""
        if self._recovered:
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        for leftover in (self._journal, *self._folder.glob("shard-*.json"), self._legacy):
            remove_stale_temp_files(leftover)
        pending = read_json(self._journal)
        if pending:
            self._write_shards(pending)
        self._journal.unlink(missing_ok=True)
        legacy = read_json(self._legacy)
        if legacy:
            self._write_shards(legacy)
            self._legacy.rename(self._legacy.with_name(f"{self._legacy.name}.migrated"))
        self._recovered = True

    def _shard(self, index: int) -> dict[str, Any]:
        if index not in self._shards:
            self._shards[index] = read_json(self._path(index)) or {}
        return self._shards[index]

    def _path(self, index: int) -> Path:
        return self._folder / f"shard-{index:02d}.json"


def _shard_of(key: str) -> int:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=2).digest()[0] % SHARDS


def _copy(value: Any) -> Any:
    """A deep, JSON-only copy: callers never share objects with the store's memory."""
    return json.loads(json.dumps(value))
