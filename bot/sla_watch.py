"""The SLA watcher: each scan lets the service announce what is due (bot/background.py runs it).

It asks the store only for tickets whose next SLA moment has come (an indexed field), never for
every ticket. Each announcement is recorded with the ticket's version check, so a restart or a
second instance never repeats one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tickets.errors import DeskError
from tickets.service import DeskService

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    looked_at: int = 0
    announced: int = 0


class SlaWatcher:
    def __init__(self, service: DeskService) -> None:
        self._service = service

    async def scan_once(self) -> ScanResult:
        result = ScanResult()
        for ticket in await self._service.due_for_attention():
            result.looked_at += 1
            try:
                after = await self._service.announce_due(ticket.number)
            except DeskError as error:  # e.g. the ticket kept changing under us: next scan
                log.info("SLA scan skipped %s: %s", ticket.reference, error.message)
                continue
            result.announced += len(after.history) - len(ticket.history)
        return result
