"""Everything `DESK_STORE=sharepoint` needs, built in one call for `app.py`.

    parts = await open_sharepoint(graph_settings, data_dir / "outbox.json", on_created=post_card)
    ... DeskService(parts.tickets, ...), bot state in parts.state, routing with parts.directory
    task = asyncio.create_task(parts.sync_loop())        # replays the outbox while the bot runs
    await parts.close()

Raises `ListMissing` ("run `make provision`") when a list is absent, and `GraphUnavailable` when
Graph cannot be reached at start-up: the bot should refuse to start with that message.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from graph.client import GraphConnection, connect
from graph.directory import GraphDirectory
from graph.lists import SharePointList
from graph.settings import GraphSettings
from store.outbox import Outbox
from store.sharepoint_state import SharePointStateStore
from store.sharepoint_store import SharePointTicketStore, Synced

log = logging.getLogger(__name__)


@dataclass
class SharePointParts:
    tickets: SharePointTicketStore
    state: SharePointStateStore
    directory: GraphDirectory
    connection: GraphConnection

    async def sync_loop(self, interval: float = 30.0) -> None:
        """Replay the outbox every `interval` seconds until cancelled."""
        while True:
            if len(self.tickets.outbox or ()):
                try:
                    report = await self.tickets.sync()
                    if report.conflicts:
                        log.warning("outbox: %d queued change(s) dropped after a conflict", len(report.conflicts))
                except Exception:  # the loop must survive anything one replay does
                    log.exception("outbox sync failed")
            await asyncio.sleep(interval)

    async def close(self) -> None:
        await self.connection.close()


async def open_sharepoint(settings: GraphSettings, outbox_path: Path, on_created: Synced | None = None,
                          directory_ttl: float = 3600.0) -> SharePointParts:
    connection = connect(settings)
    try:
        tickets = await SharePointList.open(connection.client, settings.site_id, settings.list_name)
        state = await SharePointList.open(connection.client, settings.site_id, settings.state_list_name)
    except BaseException:
        await connection.close()
        raise
    return SharePointParts(
        tickets=SharePointTicketStore(tickets, Outbox(outbox_path), on_created=on_created),
        state=SharePointStateStore(state),
        directory=GraphDirectory(connection.client, ttl=directory_ttl),
        connection=connection,
    )
