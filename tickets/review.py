"""The weekly review a queue's channel gets: what is open, what stalls, what breached, what recurs,
and which articles failed to deflect. Pure; the bot decides when to post (see `scheduled_review`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tickets.calendar import business_time_between, describe_business
from tickets.desk_config import DeskConfig
from tickets.kb.deflection import DeflectionEvent, Outcome
from tickets.metrics import Deflection, deflection, opened_in, snapshots
from tickets.model import Ticket

WEEK = timedelta(days=7)
RECURRING_TOP = 5
RECURRING_MIN = 2  # a category seen once is not recurring


@dataclass(frozen=True)
class Stalled:
    ticket: Ticket
    last_activity: datetime  # the latest event a person made (SLA alerts and reminders do not count)


@dataclass(frozen=True)
class Breach:
    ticket: Ticket
    clock: str  # "response" or "resolution"
    at: datetime  # when the breach was announced


@dataclass(frozen=True)
class WeeklyReview:
    queue: str | None
    week_start: datetime  # "last week" is [week_start - 7 days, week_start)
    now: datetime
    open: list[Ticket]  # open now, oldest first
    stalled: list[Stalled]  # open with no activity for `stalled_after` business time, longest first
    breaches: list[Breach]  # SLA breaches announced last week, oldest first
    recurring: list[tuple[str, str, int]]  # (category, subcategory, tickets opened last week), top first
    failed_articles: list[tuple[str, int]]  # (article id, "I still need help" answers last week), worst first
    deflection: Deflection  # last week, desk-wide
    stalled_after: str = ""  # the threshold as people read it: "3 business days"

    @property
    def last_week(self) -> tuple[datetime, datetime]:
        return self.week_start - WEEK, self.week_start


def last_activity(ticket: Ticket) -> datetime:
    return max((e.at for e in ticket.history if e.actor is not None), default=ticket.created_at)


def weekly_review(tickets: Iterable[Ticket], deflections: Iterable[DeflectionEvent], config: DeskConfig,
                  week_start: datetime, now: datetime, stalled_after: int | timedelta = 3,
                  queue: str | None = None) -> WeeklyReview:
    """`stalled_after`: business days (an int) or business time on the desk's business hours."""
    tickets = list(tickets)
    calendar = config.business_hours
    limit = stalled_after * calendar.working_day if isinstance(stalled_after, int) else stalled_after
    start, end = week_start - WEEK, week_start
    current = snapshots(tickets, now, queue)
    open_now = sorted((t for t in current if t.status.is_open), key=lambda t: (t.created_at, t.number))
    stalled = [Stalled(t, last_activity(t)) for t in open_now
               if business_time_between(last_activity(t), now, calendar) >= limit]
    breaches = sorted((Breach(t, e.data.get("clock", ""), e.at) for t in current for e in t.history
                       if e.kind == "sla_breach" and start <= e.at < end), key=lambda b: (b.at, b.ticket.number))
    volume = Counter((t.category, t.subcategory) for t in opened_in(current, start, end))
    recurring = sorted(((c, s, n) for (c, s), n in volume.items() if n >= RECURRING_MIN),
                       key=lambda row: (-row[2], row[0], row[1]))[:RECURRING_TOP]
    deflections = list(deflections)
    failed = Counter(e.article_id for e in deflections
                     if e.outcome is Outcome.STILL_NEED_HELP and e.article_id and start <= e.at < end)
    return WeeklyReview(
        queue=queue, week_start=week_start, now=now, open=open_now,
        stalled=sorted(stalled, key=lambda s: (s.last_activity, s.ticket.number)), breaches=breaches,
        recurring=recurring, failed_articles=sorted(failed.items(), key=lambda item: (-item[1], item[0])),
        deflection=deflection(deflections, snapshots(tickets, end), start, end),
        stalled_after=describe_business(limit, calendar),
    )


def scheduled_review(now: datetime, timezone: str, weekday: int = 0, at: time = time(9)) -> tuple[datetime, datetime]:
    """(the latest scheduled posting moment at or before `now`, the `week_start` it reviews: local
    midnight of that day), both in UTC. Default: Monday 09:00 in `timezone`. A poster that records
    `review_key(queue, week_start)` with a version check posts once per week per queue."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    moment = datetime.combine(day, at, zone)
    if moment > local:
        day -= WEEK
        moment = datetime.combine(day, at, zone)
    midnight = datetime.combine(day, time(0), zone)
    return moment.astimezone(UTC), midnight.astimezone(UTC)


def review_key(queue: str, week_start: datetime) -> str:
    """A stable key for 'the review of this queue for this week has been posted'."""
    return f"weekly-review:{queue}:{week_start.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
