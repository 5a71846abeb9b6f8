"""DeflectionLog on one local JSON file (a list of events), rewritten atomically on each record."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic
from tickets.kb.deflection import DeflectionEvent, Outcome


def to_json(event: DeflectionEvent) -> dict[str, str]:
    return {"at": event.at.isoformat(), "person": event.person_id, "article": event.article_id,
            "query": event.query, "outcome": event.outcome.value}


def from_json(raw: dict[str, str]) -> DeflectionEvent:
    return DeflectionEvent(datetime.fromisoformat(raw["at"]), raw["person"], raw.get("article", ""),
                           raw.get("query", ""), Outcome(raw["outcome"]))


class JsonFileDeflectionLog:
    """One process owns the file; it is read once and kept in memory."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._events: list[DeflectionEvent] | None = None
        self._lock = asyncio.Lock()
        remove_stale_temp_files(self._path)

    async def record(self, event: DeflectionEvent) -> None:
        async with self._lock:
            events = await self._load()
            updated = [*events, event]
            await asyncio.to_thread(write_json_atomic, self._path, [to_json(e) for e in updated])
            self._events = updated  # only once the file holds it

    async def list(self, since: datetime | None = None) -> list[DeflectionEvent]:
        async with self._lock:
            events = await self._load()
        return sorted((e for e in events if since is None or e.at >= since), key=lambda e: e.at)

    async def _load(self) -> list[DeflectionEvent]:
        if self._events is None:
            raw = await asyncio.to_thread(read_json, self._path)
            self._events = [from_json(item) for item in raw or []]
        return self._events
