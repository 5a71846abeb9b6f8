"""StateStore on the second SharePoint list: one item per key (`DocKey`, unique and indexed), the
document as JSON in `Document`. Shared by every bot instance, so conversation references and desk
bindings recorded by one are seen by all.

SharePoint has no multi-item transaction: `write` of several keys is applied key by key and is not
all-or-nothing if Graph fails half-way (each key is either old or new, never a mix). Keep chatty,
per-turn dialog state in Blob/Cosmos storage instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import json

from graph.lists import ItemMissing, SharePointList, UniqueValueTaken, odata_string

_SELECT = ["DocKey", "Document"]
_MAX_KEY = 255


class SharePointStateStore:
    def __init__(self, items: SharePointList) -> None:
        self.items = items
        self._ids: dict[str, str] = {}  # key -> item id, learned as we go

    async def read(self, keys: list[str]) -> dict[str, dict]:
        found = await asyncio.gather(*(self._find(key) for key in dict.fromkeys(keys)))
        return {key: json.loads(item["fields"]["Document"]) for key, item in zip(dict.fromkeys(keys), found, strict=True)
                if item is not None}

    async def write(self, documents: dict[str, dict]) -> None:
        payloads = {key: json.dumps(doc, ensure_ascii=False, separators=(",", ":")) for key, doc in documents.items()}
        for key, payload in payloads.items():  # all serialized before anything is sent
            await self._put(key, payload)

    async def delete(self, keys: list[str]) -> None:
        for key in dict.fromkeys(keys):
            item = await self._find(key)
            if item is None:
                continue
            try:
                await self.items.delete(item["id"])
            except ItemMissing:
                pass
            self._ids.pop(key, None)

    async def _put(self, key: str, payload: str) -> None:
        item = await self._find(key)
        if item is not None:
            try:
                await self.items.update(item["id"], {"Document": payload}, "*")
                return
            except ItemMissing:
                self._ids.pop(key, None)
        try:
            created = await self.items.create({"Title": key[:_MAX_KEY], "DocKey": _stored_key(key), "Document": payload})
            self._ids[key] = str(created["id"])
        except UniqueValueTaken:  # another instance created it meanwhile: last writer wins, as for one file
            again = await self._find(key)
            if again is None:
                raise
            await self.items.update(again["id"], {"Document": payload}, "*")

    async def _find(self, key: str) -> dict | None:
        known = self._ids.get(key)
        if known is not None:
            try:
                return await self.items.get(known, _SELECT)
            except ItemMissing:
                self._ids.pop(key, None)
        found = await self.items.query(_SELECT, f"fields/DocKey eq {odata_string(_stored_key(key))}", top=1,
                                       max_items=1)
        if not found:
            return None
        self._ids[key] = str(found[0]["id"])
        return found[0]


def _stored_key(key: str) -> str:
    """Keys longer than a text column holds are stored as their SHA-256."""
    return key if len(key) <= _MAX_KEY else "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
