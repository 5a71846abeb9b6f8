"""CSV exports handed out as short-lived links: Teams bots cannot attach files in channels.

The files live in the StateStore, not in memory, so any instance behind the load balancer serves a
link another made. The CSV is gzipped (about a tenth of its size) and base64-encoded in pieces of
`CHUNK_CHARS`, well inside the 63,999 characters a SharePoint multi-line text column holds:

    exports/<token>        {"name", "expires" (Unix time), "size", "parts"}, plus "content" when one piece is enough
    exports/<token>/<i>    {"content": piece i}, when there is more than one
    exports/index          {"<token>": {"expires", "parts"}}: what to delete once expired

The pieces are written before the head, so a reader never meets a head without its pieces. An expired
export is deleted when its link is used, and every `put` deletes those the index lists as expired.
Two instances exporting in the same instant may each rewrite the index without the other's entry;
that export is then deleted only when its link is used after it expired.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tickets.errors import DeskError
from tickets.ports import StateStore

log = logging.getLogger(__name__)
LIFETIME_SECONDS = 15 * 60
CHUNK_CHARS = 48_000
MAX_BYTES = 20 * 1024 * 1024  # of CSV; gzipped and chunked that is about 60 state documents
PREFIX = "exports/"
INDEX_KEY = "exports/index"
_PARALLEL_WRITES = 8


class ExportTooLarge(DeskError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"This export is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB an export link "
                         "can hold. Ask for a shorter period (for example `export 7d`) or one queue.")


def _head_key(token: str) -> str:
    return f"{PREFIX}{token}"


def _part_keys(token: str, parts: int) -> list[str]:
    return [f"{PREFIX}{token}/{i}" for i in range(parts)] if parts > 1 else []


class ExportShelf:
    """Files kept in the shared StateStore under unguessable tokens until they expire."""

    def __init__(self, base_url: str, state: StateStore, clock: Callable[[], float] = time.time,
                 chunk_chars: int = CHUNK_CHARS, max_bytes: int = MAX_BYTES) -> None:
        self._base_url = base_url.rstrip("/")
        self._state = state
        self._now = clock  # wall-clock seconds: every instance reads the same expiry
        self._chunk_chars = chunk_chars
        self._max_bytes = max_bytes

    async def put(self, name: str, content: bytes) -> str:
        """Shelve a file; returns its link. Raises ExportTooLarge over `max_bytes`."""
        if len(content) > self._max_bytes:
            raise ExportTooLarge(len(content), self._max_bytes)
        packed = await asyncio.to_thread(lambda: base64.b64encode(gzip.compress(content, 6)).decode("ascii"))
        pieces = [packed[i:i + self._chunk_chars] for i in range(0, len(packed), self._chunk_chars)] or [""]
        token = secrets.token_urlsafe(32)
        expires = self._now() + LIFETIME_SECONDS
        head: dict[str, Any] = {"name": name, "expires": expires, "size": len(content), "parts": len(pieces)}
        if len(pieces) == 1:
            head["content"] = pieces[0]
        writes = [{key: {"content": piece}} for key, piece in zip(_part_keys(token, len(pieces)), pieces, strict=False)]
        for start in range(0, len(writes), _PARALLEL_WRITES):
            await asyncio.gather(*(self._state.write(w) for w in writes[start:start + _PARALLEL_WRITES]))
        await self._state.write({_head_key(token): head})
        await self._index(token, expires, len(pieces))
        return f"{self._base_url}/exports/{token}/{name}"

    async def serve(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["name"]
        content = await self._content(token, name)
        if content is None:
            return web.json_response({"error": "This export link has expired or never existed."}, status=404)
        return web.Response(body=content, content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"',
                                     "Cache-Control": "no-store"})

    async def _content(self, token: str, name: str) -> bytes | None:
        if not token or "/" in token or token == INDEX_KEY.removeprefix(PREFIX):
            return None
        head = (await self._state.read([_head_key(token)])).get(_head_key(token))
        if head is None or head.get("name") != name:
            return None
        parts = int(head.get("parts") or 1)
        if float(head.get("expires") or 0) <= self._now():
            await self._state.delete([_head_key(token), *_part_keys(token, parts)])
            return None
        if "content" in head:
            packed = str(head["content"])
        else:
            keys = _part_keys(token, parts)
            found = await self._state.read(keys)
            if len(found) != len(keys):
                log.warning("export %s…: %d of %d pieces missing", token[:6], len(keys) - len(found), len(keys))
                return None
            packed = "".join(str(found[k]["content"]) for k in keys)
        return await asyncio.to_thread(lambda: gzip.decompress(base64.b64decode(packed)))

    async def _index(self, token: str, expires: float, parts: int) -> None:
        """Add this export to the index and delete those it lists as expired."""
        try:
            index = (await self._state.read([INDEX_KEY])).get(INDEX_KEY) or {}
            now = self._now()
            expired = {t: e for t, e in index.items() if float(e.get("expires") or 0) <= now}
            kept = {t: e for t, e in index.items() if t not in expired}
            await self._state.write({INDEX_KEY: {**kept, token: {"expires": expires, "parts": parts}}})
            for old, entry in expired.items():
                await self._state.delete([_head_key(old), *_part_keys(old, int(entry.get("parts") or 1))])
        except Exception:  # the link works without the index; only the clean-up waits for a later put
            log.exception("export index: clean-up failed")
