"""Closed and cancelled tickets, in shard files of a thousand numbers each.

A write touches one shard, so its cost does not grow with the number of tickets ever closed; each
shard is written whole and atomically (`write_json_atomic`), like the live file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic

SHARD_SIZE = 1000
SHARDS_CACHED = 4  # shards kept parsed in memory; a scan of all of them reads each file once


class ArchiveShards:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._cache: dict[int, dict[str, dict[str, Any]]] = {}
        if folder.is_dir():
            for shard in folder.glob("*.json"):
                remove_stale_temp_files(shard)

    def get(self, number: int) -> dict[str, Any] | None:
        return self._shard(number // SHARD_SIZE).get(str(number))

    def put(self, number: int, doc: dict[str, Any]) -> None:
        index = number // SHARD_SIZE
        updated = {**self._shard(index), str(number): doc}
        write_json_atomic(self._path(index), updated)
        self._cache[index] = updated

    def remove(self, number: int) -> None:
        index = number // SHARD_SIZE
        current = self._shard(index)
        if str(number) in current:
            updated = {k: v for k, v in current.items() if k != str(number)}
            write_json_atomic(self._path(index), updated)
            self._cache[index] = updated

    def forget(self) -> None:
        """Drop parsed shards (after a failed write, so the next read comes from disk)."""
        self._cache.clear()

    def all_docs(self) -> Iterator[dict[str, Any]]:
        """Every archived ticket document, shard by shard (reads each file once)."""
        if not self._folder.is_dir():
            return
        indexes = sorted(int(p.stem.rsplit("-", 1)[-1]) for p in self._folder.glob("tickets-*.json"))
        for index in indexes:
            yield from self._shard(index).values()

    def _shard(self, index: int) -> dict[str, dict[str, Any]]:
        if index in self._cache:
            self._cache[index] = self._cache.pop(index)  # most recently used last
        else:
            self._cache[index] = read_json(self._path(index)) or {}
            while len(self._cache) > SHARDS_CACHED:
                self._cache.pop(next(iter(self._cache)))
        return self._cache[index]

    def _path(self, index: int) -> Path:
        return self._folder / f"tickets-{index:05d}.json"
