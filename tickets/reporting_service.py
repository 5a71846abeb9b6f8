"""Use cases of running the desk by its numbers: reports, exports and the weekly review."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from tickets.desk_config import DeskConfig
from tickets.errors import IllegalTransition, NotAllowed
from tickets.export import export_files
from tickets.metrics import DeskReport, build_report
from tickets.model import Actor
from tickets.ports import Clock, DeflectionLog, TicketQuery, TicketStore
from tickets.review import WeeklyReview, scheduled_review, weekly_review

_PERIOD = re.compile(r"^(\d{1,3})d$")
DEFAULT_DAYS = 7
MAX_DAYS = 366
REVIEW_WINDOW = timedelta(days=1)


def parse_period(args: str, queues: list[str]) -> tuple[int, str | None]:
    """`30d access` -> (30, "access"); `""` -> (7, None). Raises IllegalTransition on anything else."""
    days, queue = DEFAULT_DAYS, None
    for word in args.split():
        match = _PERIOD.match(word.lower())
        if match and 0 < int(match.group(1)) <= MAX_DAYS:
            days = int(match.group(1))
        elif word in queues:
            queue = word
        else:
            raise IllegalTransition(
                f"I don't understand '{word}'. Give a period such as 7d or 30d, and optionally a queue: "
                f"{', '.join(queues)}.")
    return days, queue


class ReportingService:
    def __init__(self, store: TicketStore, deflections: DeflectionLog, config: DeskConfig, clock: Clock) -> None:
        self._store = store
        self._deflections = deflections
        self._config = config
        self._clock = clock

    async def report(self, actor: Actor, days: int, queue: str | None = None) -> DeskReport:
        _require_technician(actor)
        end = self._clock.now()
        start = end - timedelta(days=days)
        tickets = await self._store.find(TicketQuery())
        return build_report(tickets, await self._deflections.list(start), self._config, start, end, queue)

    async def export(self, actor: Actor, days: int, queue: str | None = None) -> dict[str, bytes]:
        _require_technician(actor)
        end = self._clock.now()
        return export_files(await self._store.find(TicketQuery()), self._config, end - timedelta(days=days), end, queue)

    def review_due(self) -> datetime | None:
        """The start of the week whose review is due now (from Monday 09:00 in the desk's time zone,
        for a day: a bot that was down all week does not post a stale review)."""
        post_at, week_start = scheduled_review(self._clock.now(), self._config.business_hours.timezone)
        return week_start if self._clock.now() - post_at < REVIEW_WINDOW else None

    async def weekly_review(self, queue: str, week_start: datetime) -> WeeklyReview:
        now = self._clock.now()
        tickets = await self._store.find(TicketQuery())
        deflections = await self._deflections.list(week_start - timedelta(days=7))
        return weekly_review(tickets, deflections, self._config, week_start, now, queue=queue)


def _require_technician(actor: Actor) -> None:
    if not actor.is_technician:
        raise NotAllowed("Only technicians can see the desk's reports.")
