"""Notifications not yet delivered, kept in a local file so neither a Teams outage nor a crash drops them.

Each entry names a ticket and the slice of its history to announce: `[first, last)`. The file is
replaced atomically (store/atomic_file.py) on every change. One per instance, like the Graph outbox.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic


@dataclass(frozen=True)
class PendingNotice:
    number: int  # the ticket
    first: int  # history index of the first event to announce
    last: int  # one past the last
    attempts: int = 0
    next_at: float = 0.0  # wall-clock seconds before which it is not retried


class PendingNotices:
    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        remove_stale_temp_files(self._path)
        self._entries = [PendingNotice(**raw) for raw in read_json(self._path) or []]

    def all(self) -> list[PendingNotice]:
        return list(self._entries)

    def add(self, notice: PendingNotice) -> None:
        self._save([*self._entries, notice])

    def remove(self, notice: PendingNotice) -> None:
        if notice in self._entries:
            self._save([e for e in self._entries if e != notice])

    def replace(self, old: PendingNotice, new: PendingNotice) -> None:
        self._save([new if e == old else e for e in self._entries])

    def _save(self, entries: list[PendingNotice]) -> None:
        write_json_atomic(self._path, [asdict(e) for e in entries])
        self._entries = entries  # only once the file holds them
