"""botbuilder's Storage on the desk's StateStore, so dialog state survives a restart."""

from __future__ import annotations

from typing import Any

import jsonpickle
from botbuilder.core import Storage

from tickets.ports import StateStore

_PREFIX = "botstate/"


class StateStoreStorage(Storage):
    """Dialog state holds botbuilder objects (DialogState, DialogInstance); jsonpickle keeps their
    types across a restart. Only the bot's own state goes through here, never client input."""

    def __init__(self, state: StateStore) -> None:
        self._state = state

    async def read(self, keys: list[str]) -> dict[str, Any]:
        found = await self._state.read([_PREFIX + k for k in keys])
        return {k: jsonpickle.decode(found[_PREFIX + k]["pickled"]) for k in keys if _PREFIX + k in found}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes:
            await self._state.write({_PREFIX + k: {"pickled": jsonpickle.encode(v)} for k, v in changes.items()})

    async def delete(self, keys: list[str]) -> None:
        await self._state.delete([_PREFIX + k for k in keys])
