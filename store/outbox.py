"""A durable local outbox: ticket writes that could not reach SharePoint, kept in order until they do.

One JSON file, replaced atomically on every change (store/atomic_file.py), so a crash keeps either
the old or the new queue. Entries are replayed oldest first by `SharePointTicketStore.sync()`.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic
from store.codec import ticket_from_dict, ticket_to_dict
from tickets.errors import DeskError
from tickets.model import Ticket


class SavedForSync(DeskError):
    """The write is safe in the local outbox and will reach SharePoint when it can."""

    def __init__(self, ticket: Ticket, created: bool) -> None:
        if created:
            message = ("Your request is saved. SharePoint can't be reached right now, so it will get its "
                       "ticket number as soon as the connection is back; I'll let you know.")
        else:
            message = (f"Saved. SharePoint can't be reached right now, so the change to {ticket.reference} "
                       "will be synced as soon as the connection is back.")
        super().__init__(message)
        self.ticket = ticket
        self.created = created


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # "create" or "save"
    ticket: dict[str, Any]
    key: str = ""  # idempotency key of a create
    base_version: int = 0  # version the save was made from
    queued_at: str = ""

    @property
    def number(self) -> int:
        return int(self.ticket.get("number") or 0)

    def to_ticket(self) -> Ticket:
        return ticket_from_dict(self.ticket)


class Outbox:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        remove_stale_temp_files(self.path)
        self._entries = [Entry(**raw) for raw in read_json(self.path) or []]

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def add_create(self, ticket: Ticket, key: str) -> Entry:
        return self._add(Entry(_new_id(), "create", ticket_to_dict(replace(ticket, number=0, version=0)), key=key))

    def add_save(self, ticket: Ticket, base_version: int) -> Entry:
        return self._add(Entry(_new_id(), "save", ticket_to_dict(ticket), base_version=base_version))

    def remove(self, entry: Entry) -> None:
        self._commit([e for e in self._entries if e.id != entry.id])

    def pending_create(self, key: str) -> Entry | None:
        return next((e for e in self._entries if e.kind == "create" and e.key == key), None)

    def latest(self, number: int) -> Ticket | None:
        """The newest unsynced state of ticket `number`, if any."""
        saves = [e for e in self._entries if e.kind == "save" and e.number == number]
        return saves[-1].to_ticket() if saves else None

    def _add(self, entry: Entry) -> Entry:
        entry = replace(entry, queued_at=datetime.now(UTC).isoformat())
        self._commit([*self._entries, entry])
        return entry

    def _commit(self, entries: list[Entry]) -> None:
        write_json_atomic(self.path, [asdict(e) for e in entries])
        self._entries = entries  # only once the file holds them


def _new_id() -> str:
    return uuid.uuid4().hex
