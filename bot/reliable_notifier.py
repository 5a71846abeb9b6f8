"""At-least-once notifications: what the desk has to say about a ticket is written down before it is
said, and said again later if Teams could not be reached (or the bot stopped) in between.

A retry may repeat a line that did reach Teams before the failure (say, the card update went
through and the thread line did not); that is preferred to losing a breach alert.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from store.pending_notices import PendingNotice, PendingNotices
from tickets.errors import TicketNotFound
from tickets.model import Event, Ticket
from tickets.ports import Notifier, TicketStore

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (5, 15, 60, 300, 900)  # then every 15 minutes
IN_FLIGHT_SECONDS = 30  # a notice being sent now is left alone by the retries until then
GIVE_UP_AFTER = 96  # attempts: about a day


class ReliableNotifier:
    def __init__(self, inner: Notifier, pending: PendingNotices, store: TicketStore,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self._inner = inner
        self._pending = pending
        self._store = store
        self.wall_clock = wall_clock  # public: tests move it past the back-off

    async def ticket_changed(self, ticket: Ticket, events: Sequence[Event]) -> None:
        last = len(ticket.history)
        notice = PendingNotice(ticket.number, last - len(events), last, next_at=self.wall_clock() + IN_FLIGHT_SECONDS)
        self._pending.add(notice)
        try:
            await self._inner.ticket_changed(ticket, events)
        except Exception:
            log.warning("telling Teams about %s failed; will retry", ticket.reference, exc_info=True)
            self._pending.replace(notice, self._postponed(notice))
            return
        self._pending.remove(notice)

    async def retry_pending(self) -> int:
        """Deliver what is due for another attempt; returns how many were delivered."""
        delivered = 0
        for notice in self._pending.all():
            if notice.next_at > self.wall_clock():
                continue
            try:
                ticket = await self._store.get(notice.number)
            except TicketNotFound:
                self._pending.remove(notice)
                continue
            try:
                await self._inner.ticket_changed(ticket, ticket.history[notice.first:notice.last])
            except Exception:
                log.warning("retrying the notices of #%s failed (attempt %s)", notice.number, notice.attempts + 1)
                postponed = self._postponed(notice)
                if postponed.attempts >= GIVE_UP_AFTER:
                    log.error("gave up telling Teams about #%s after %s attempts", notice.number, postponed.attempts)
                    self._pending.remove(notice)
                else:
                    self._pending.replace(notice, postponed)
                continue
            self._pending.remove(notice)
            delivered += 1
        return delivered

    def _postponed(self, notice: PendingNotice) -> PendingNotice:
        wait = BACKOFF_SECONDS[min(notice.attempts, len(BACKOFF_SECONDS) - 1)]
        return replace(notice, attempts=notice.attempts + 1, next_at=self.wall_clock() + wait)
