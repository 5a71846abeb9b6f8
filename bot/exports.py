"""CSV exports handed out as short-lived links: Teams bots cannot attach files in channels."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

LIFETIME_SECONDS = 15 * 60


@dataclass(frozen=True)
class Shelved:
    name: str
    content: bytes
    expires: float


class ExportShelf:
    """Files kept in memory under unguessable tokens until they expire."""

    def __init__(self, base_url: str, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._base_url = base_url.rstrip("/")
        self._now = monotonic
        self._files: dict[str, Shelved] = {}

    def put(self, name: str, content: bytes) -> str:
        """Shelve a file; returns its link."""
        self._drop_expired()
        token = secrets.token_urlsafe(32)
        self._files[token] = Shelved(name, content, self._now() + LIFETIME_SECONDS)
        return f"{self._base_url}/exports/{token}/{name}"

    async def serve(self, request: web.Request) -> web.Response:
        self._drop_expired()
        shelved = self._files.get(request.match_info["token"])
        if shelved is None or shelved.name != request.match_info["name"]:
            return web.json_response({"error": "This export link has expired or never existed."}, status=404)
        return web.Response(body=shelved.content, content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{shelved.name}"',
                                     "Cache-Control": "no-store"})

    def _drop_expired(self) -> None:
        now = self._now()
        for token in [t for t, f in self._files.items() if f.expires <= now]:
            del self._files[token]
