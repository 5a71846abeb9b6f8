"""The numbers a desk is run by: pure functions over tickets, deflection events and the desk config.

Conventions shared by every measure (the README quotes these definitions):

- A period is half-open, `start <= t < end`, on UTC instants.
- Tickets are judged as they stood at `end` (`snapshot.as_of`): events after `end` are ignored, so
  a report on a past week gives the same answer later.
- Business time is the SLA clocks' own (`tickets/sla.py`): the calendar of the targets for the
  ticket's type and priority (business hours and holidays, or 24x7), the clocks running only while
  the ticket is New, Assigned, In progress or Reopened, so Pending time never counts.
- A ticket is *resolved in the period* when, at `end`, it is Resolved or Closed and its latest
  `resolved` event falls in the period. A ticket closed straight from Pending (auto-close, no
  answer) was never resolved and is left out of the resolution measures.
- Medians are the middle value (the mean of the two middle values for an even count); the 90th
  percentile is the nearest-rank value: the ceil(0.9 x n)-th smallest.
- Rates are `part / whole` and None when the whole is zero (nothing to measure, not 0%).
- With a queue, only tickets now in that queue count, except the deflection rate: a deflection
  happens before a ticket (and a queue) exists, so it is always desk-wide.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tickets.desk_config import DeskConfig
from tickets.kb.deflection import DeflectionEvent, Outcome
from tickets.model import Status, Ticket
from tickets.sla import sla_state
from tickets.snapshot import as_of

FINISHED = (Status.RESOLVED, Status.CLOSED)
DAY = timedelta(days=1)
BACKLOG_BUCKETS: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    ("<1d", timedelta(0), DAY), ("1-3d", DAY, 3 * DAY), ("3-7d", 3 * DAY, 7 * DAY), (">7d", 7 * DAY, None),
)


@dataclass(frozen=True)
class Ratio:
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class DurationStats:
    count: int
    mean: timedelta | None
    median: timedelta | None
    p90: timedelta | None


def percentile(values: Sequence[timedelta], fraction: float) -> timedelta | None:
    """Nearest rank: the ceil(fraction x n)-th smallest value; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def duration_stats(values: Sequence[timedelta]) -> DurationStats:
    if not values:
        return DurationStats(0, None, None, None)
    mean = sum(values, timedelta(0)) / len(values)
    return DurationStats(len(values), mean, statistics.median(sorted(values)), percentile(values, 0.9))


def _within(at: datetime | None, start: datetime, end: datetime) -> bool:
    return at is not None and start <= at < end


def snapshots(tickets: Iterable[Ticket], end: datetime, queue: str | None = None) -> list[Ticket]:
    """The tickets as they stood at `end` (created by then, in `queue` if given)."""
    found = (as_of(t, end) for t in tickets if queue is None or t.queue == queue)
    return [t for t in found if t is not None]


def last_resolved_at(ticket: Ticket) -> datetime | None:
    return next((e.at for e in reversed(ticket.history) if e.kind == "resolved"), None)


def resolved_in(ticket: Ticket, start: datetime, end: datetime) -> bool:
    """Resolved or Closed now, its latest `resolved` event in the period (see the module doc)."""
    return ticket.status in FINISHED and _within(last_resolved_at(ticket), start, end)


# --- volume -------------------------------------------------------------------------------------

def opened_in(tickets: Iterable[Ticket], start: datetime, end: datetime) -> list[Ticket]:
    """Tickets created in the period, cancelled ones included (they were still demand)."""
    return [t for t in tickets if _within(t.created_at, start, end)]


def volume_by_category(tickets: Iterable[Ticket], start: datetime, end: datetime) -> dict[str, int]:
    """Tickets created in the period per category, largest first (ties by name)."""
    counts = Counter(t.category for t in opened_in(tickets, start, end))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def volume_by_type(tickets: Iterable[Ticket], start: datetime, end: datetime) -> dict[str, int]:
    """Tickets created in the period per type label (Incident, Service request, Change), largest first."""
    counts = Counter(t.type.label for t in opened_in(tickets, start, end))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# --- speed --------------------------------------------------------------------------------------

def first_response_times(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime,
                         ) -> list[timedelta]:
    """For each ticket whose first response (the first claim, assignment, public reply or resolve:
    `first_response_at`) falls in the period: the business time from `created_at` to it, as the
    response clock counts it (Pending time would not count, though a ticket cannot wait before
    its first response)."""
    return [sla_state(t, config, t.first_response_at).response.elapsed
            for t in tickets if _within(t.first_response_at, start, end)]


def resolution_times(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime,
                     ) -> list[timedelta]:
    """For each ticket resolved in the period: the business time its resolution clock ran from
    `created_at` to that resolution, without Pending time, and with the time after any reopen
    until it was resolved again."""
    return [sla_state(t, config, end).resolution.elapsed for t in tickets if resolved_in(t, start, end)]


# --- SLA compliance -----------------------------------------------------------------------------

def response_compliance(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime) -> Ratio:
    """met / judged. Judged: tickets (not cancelled) whose first response fell in the period, plus
    tickets still without a response at `end` whose response target was breached in the period.
    Met: responded with less business time used than the target."""
    met = judged = 0
    for ticket in tickets:
        if ticket.status is Status.CANCELLED:
            continue
        clock = sla_state(ticket, config, end).response
        if _within(ticket.first_response_at, start, end):
            judged += 1
            met += not clock.breached
        elif ticket.first_response_at is None and clock.breached and _within(clock.due, start, end):
            judged += 1
    return Ratio(met, judged)


def resolution_compliance(tickets: Iterable[Ticket], config: DeskConfig, start: datetime, end: datetime) -> Ratio:
    """met / judged. Judged: tickets resolved in the period, plus tickets open at `end` whose
    resolution target was breached in the period. Met: resolved with less business time used
    than the target (after a reopen, the clock's total over all its runs)."""
    met = judged = 0
    for ticket in tickets:
        clock = sla_state(ticket, config, end).resolution
        if resolved_in(ticket, start, end):
            judged += 1
            met += not clock.breached
        elif ticket.status.is_open and clock.breached and _within(clock.due, start, end):
            judged += 1
    return Ratio(met, judged)


# --- quality ------------------------------------------------------------------------------------

def _assignee_ids(ticket: Ticket) -> list[str]:
    ids = []
    for event in ticket.history:
        if event.kind == "claimed" and event.actor is not None:
            ids.append(event.actor.id)
        elif event.kind == "assigned":
            ids.append(event.data.get("assignee", ""))
    return ids


def first_contact_resolved(ticket: Ticket) -> bool:
    """Resolved by the first person it was claimed by or assigned to, never given to anyone else,
    unassigned, escalated or reopened."""
    kinds = {e.kind for e in ticket.history}
    if kinds & {"unassigned", "escalated", "reopened"}:
        return False
    assignees = set(_assignee_ids(ticket))
    resolvers = {e.actor.id if e.actor else "" for e in ticket.history if e.kind == "resolved"}
    return len(assignees) == 1 and resolvers == assignees


def first_contact_resolution(tickets: Iterable[Ticket], start: datetime, end: datetime) -> Ratio:
    """first-contact resolved / resolved in the period."""
    resolved = [t for t in tickets if resolved_in(t, start, end)]
    return Ratio(sum(first_contact_resolved(t) for t in resolved), len(resolved))


def reopen_rate(tickets: Iterable[Ticket], start: datetime, end: datetime) -> Ratio:
    """reopened / resolved. Resolved: tickets with any `resolved` event in the period, whatever
    their status now. Reopened: those with a `reopened` event after their first resolution in the
    period, up to `end`."""
    part = whole = 0
    for ticket in tickets:
        first = next((e.at for e in ticket.history if e.kind == "resolved" and _within(e.at, start, end)), None)
        if first is None:
            continue
        whole += 1
        part += any(e.kind == "reopened" and e.at > first for e in ticket.history)
    return Ratio(part, whole)


# --- load ---------------------------------------------------------------------------------------

def backlog_by_age(tickets: Iterable[Ticket], end: datetime) -> dict[str, int]:
    """Tickets open at `end` (not Resolved, Closed or Cancelled) by calendar age `end - created_at`:
    <1d, 1-3d, 3-7d, >7d; each bucket includes its lower bound and excludes its upper one."""
    counts = dict.fromkeys((label for label, _, _ in BACKLOG_BUCKETS), 0)
    for ticket in tickets:
        if not ticket.status.is_open:
            continue
        age = end - ticket.created_at
        label = next(label for label, low, high in BACKLOG_BUCKETS if age >= low and (high is None or age < high))
        counts[label] += 1
    return counts


@dataclass(frozen=True)
class Workload:
    person_id: str
    name: str
    open_assigned: int  # open tickets assigned to them at `end`
    resolved: int  # distinct tickets they resolved in the period (by the `resolved` event's actor)


def workload(tickets: Iterable[Ticket], start: datetime, end: datetime) -> list[Workload]:
    """Per technician (anyone assigned an open ticket at `end` or resolving one in the period),
    most open tickets first, then most resolved, then by name."""
    names: dict[str, str] = {}
    open_counts: Counter[str] = Counter()
    resolved: dict[str, set[int]] = {}
    for ticket in tickets:
        if ticket.status.is_open and ticket.assignee is not None:
            names.setdefault(ticket.assignee.id, ticket.assignee.name)
            open_counts[ticket.assignee.id] += 1
        for event in ticket.history:
            if event.kind == "resolved" and event.actor is not None and _within(event.at, start, end):
                names.setdefault(event.actor.id, event.actor.name)
                resolved.setdefault(event.actor.id, set()).add(ticket.number)
    rows = [Workload(pid, names[pid], open_counts[pid], len(resolved.get(pid, ()))) for pid in names]
    return sorted(rows, key=lambda w: (-w.open_assigned, -w.resolved, w.name))


# --- deflection ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deflection:
    solved: int  # "This solved it" answers in the period
    still_need_help: int  # "I still need help" answers (one per card, however many articles it showed)
    tickets_opened: int  # every ticket created in the period, desk-wide

    @property
    def rate(self) -> float | None:
        """solved / (solved + tickets opened): the share of help requests that ended without a ticket."""
        whole = self.solved + self.tickets_opened
        return self.solved / whole if whole else None


def deflection(events: Iterable[DeflectionEvent], tickets: Iterable[Ticket], start: datetime, end: datetime,
               ) -> Deflection:
    inside = [e for e in events if _within(e.at, start, end)]
    solved = sum(e.outcome is Outcome.SOLVED for e in inside)
    asked = {(e.person_id, e.at, e.query) for e in inside if e.outcome is Outcome.STILL_NEED_HELP}
    return Deflection(solved, len(asked), len(opened_in(tickets, start, end)))


# --- the report ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeskReport:
    start: datetime
    end: datetime
    queue: str | None
    opened: int
    volume_by_category: dict[str, int]
    volume_by_type: dict[str, int]
    first_response: DurationStats
    resolution: DurationStats
    response_sla: Ratio
    resolution_sla: Ratio
    first_contact_resolution: Ratio
    reopen: Ratio
    backlog: dict[str, int]
    deflection: Deflection
    workload: list[Workload]

    @property
    def backlog_total(self) -> int:
        return sum(self.backlog.values())


def build_report(tickets: Iterable[Ticket], deflections: Iterable[DeflectionEvent], config: DeskConfig,
                 start: datetime, end: datetime, queue: str | None = None) -> DeskReport:
    """Every measure above for one period, optionally for one queue."""
    tickets = list(tickets)
    seen = snapshots(tickets, end, queue)
    return DeskReport(
        start=start, end=end, queue=queue, opened=len(opened_in(seen, start, end)),
        volume_by_category=volume_by_category(seen, start, end), volume_by_type=volume_by_type(seen, start, end),
        first_response=duration_stats(first_response_times(seen, config, start, end)),
        resolution=duration_stats(resolution_times(seen, config, start, end)),
        response_sla=response_compliance(seen, config, start, end),
        resolution_sla=resolution_compliance(seen, config, start, end),
        first_contact_resolution=first_contact_resolution(seen, start, end),
        reopen=reopen_rate(seen, start, end), backlog=backlog_by_age(seen, end),
        deflection=deflection(deflections, snapshots(tickets, end), start, end),
        workload=workload(seen, start, end),
    )
