"""SLA clocks worked out from a ticket's history, and what the desk must announce about them.

Both clocks run from creation while the ticket is New, Assigned, In progress or Reopened, so they
pause while it is Pending (on the requester or a vendor) and the resolution clock resumes when a
resolved or closed ticket is reopened. The response clock stops for good at `first_response_at`.
Time counts on the business calendar unless the priority's targets are 24x7.

Thresholds already announced are kept in `ticket.sla_announced`; `due_announcements` lists only
the rest, and `mark_announced` records them, so a watcher that saves with the version check
announces each threshold once, across restarts and instances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tickets import lifecycle
from tickets.calendar import BusinessCalendar, add_business_time, business_time_between, describe_business
from tickets.desk_config import DeskConfig
from tickets.model import Event, PendingOn, Status, Ticket, Visibility

S = Status
RUNNING = frozenset({S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})
FINISHED = frozenset({S.RESOLVED, S.CLOSED, S.CANCELLED})
# History event kinds that move a ticket to a status (see tickets/lifecycle.py).
EVENT_STATUS: dict[str, Status] = {
    "opened": S.NEW, "claimed": S.ASSIGNED, "assigned": S.ASSIGNED, "unassigned": S.NEW,
    "escalated": S.NEW, "in_progress": S.IN_PROGRESS, "pending": S.PENDING, "resolved": S.RESOLVED,
    "confirmed": S.CLOSED, "closed": S.CLOSED, "reopened": S.REOPENED, "cancelled": S.CANCELLED,
}
RESPONSE, RESOLUTION = "response", "resolution"
PENDING, RESOLVED = "pending", "resolved"
WARN, BREACH, REMIND, AUTOCLOSE = "warn", "breach", "remind", "autoclose"

Run = tuple[datetime, datetime | None]  # an interval while a clock runs; None: still running
Step = tuple[datetime, Status, PendingOn | None]


@dataclass(frozen=True)
class ClockState:
    name: str  # RESPONSE or RESOLUTION
    target: timedelta
    elapsed: timedelta  # business time counted so far
    due: datetime  # when the target is reached; while paused or stopped, as if it ran on from then
    running: bool
    stopped: bool  # responded / resolved / closed: this clock will not run again (until reopened)
    warn_at: float

    @property
    def fraction(self) -> float:
        return self.elapsed / self.target

    @property
    def left(self) -> timedelta:
        """Business time left; negative once breached."""
        return self.target - self.elapsed

    @property
    def paused(self) -> bool:
        return not self.running and not self.stopped

    @property
    def warned(self) -> bool:
        return self.fraction >= self.warn_at

    @property
    def breached(self) -> bool:
        return self.elapsed >= self.target


@dataclass(frozen=True)
class SlaState:
    response: ClockState
    resolution: ClockState


@dataclass(frozen=True)
class Announcement:
    key: str  # "response:warn", "resolution:breach", "pending:remind:3", "resolved:autoclose"
    clock: str  # RESPONSE, RESOLUTION, PENDING or RESOLVED
    kind: str  # WARN, BREACH, REMIND or AUTOCLOSE
    due: datetime  # when it fell due
    text: str = ""
    ordinal: int = 0  # reminders: the how-manieth of this waiting period


# --- the status over time -----------------------------------------------------------------------

def timeline(ticket: Ticket) -> list[Step]:
    """(since, status, pending on) for each status the ticket went through, oldest first."""
    steps: list[Step] = [(ticket.created_at, S.NEW, None)]
    for event in ticket.history:
        status = EVENT_STATUS.get(event.kind)
        if status is None or event.at < ticket.created_at:
            continue
        on = None
        if status is S.PENDING:
            on = PendingOn.VENDOR if event.data.get("on") == PendingOn.VENDOR.value else PendingOn.REQUESTER
        steps.append((event.at, status, on))
    if steps[-1][1] is not ticket.status:  # a change recorded without a known event kind
        steps.append((max(ticket.updated_at, steps[-1][0]), ticket.status, ticket.pending_on))
    return steps


def _runs(steps: list[Step], until: datetime | None = None) -> list[Run]:
    runs: list[Run] = []
    for i, (since, status, _) in enumerate(steps):
        end = steps[i + 1][0] if i + 1 < len(steps) else None
        if until is not None:
            if since >= until:
                break
            end = until if end is None else min(end, until)
        if status not in RUNNING or (end is not None and end <= since):
            continue
        if runs and runs[-1][1] == since:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((since, end))
    return runs


def _reached(runs: list[Run], amount: timedelta, calendar: BusinessCalendar) -> datetime | timedelta:
    """When the runs reach `amount` of business time, or the business time they hold in all."""
    total = timedelta(0)
    for start, end in runs:
        if end is None:
            return add_business_time(start, amount - total, calendar)
        span = business_time_between(start, end, calendar)
        if total + span >= amount:
            return add_business_time(start, amount - total, calendar)
        total += span
    return total


def _elapsed(runs: list[Run], now: datetime, calendar: BusinessCalendar) -> timedelta:
    return sum((business_time_between(s, min(e or now, now), calendar) for s, e in runs), timedelta(0))


# --- clocks -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Clock:
    name: str
    runs: list[Run]
    target: timedelta
    calendar: BusinessCalendar
    stopped: bool

    def deadline(self, fraction: float = 1.0) -> datetime | None:
        """When the clock reaches this fraction of its target, if that is settled by the history."""
        reached = _reached(self.runs, self.target * fraction, self.calendar)
        return reached if isinstance(reached, datetime) else None

    def state(self, now: datetime, warn_at: float) -> ClockState:
        reached = _reached(self.runs, self.target, self.calendar)
        running = bool(self.runs) and self.runs[-1][1] is None
        if isinstance(reached, timedelta):  # paused or stopped short of the target
            anchor = self.runs[-1][1] if self.stopped and self.runs else now
            reached = add_business_time(anchor or now, self.target - reached, self.calendar)
        return ClockState(self.name, self.target, _elapsed(self.runs, now, self.calendar), reached,
                          running, self.stopped, warn_at)


def _clocks(ticket: Ticket, config: DeskConfig) -> tuple[_Clock, _Clock]:
    targets = config.targets_for(ticket.type, ticket.priority)
    calendar = config.calendar(targets.calendar)
    steps = timeline(ticket)
    runs = _runs(steps)
    responded = ticket.first_response_at
    response_runs = _runs(steps, responded) if responded else runs
    finished = ticket.status in FINISHED
    return (_Clock(RESPONSE, response_runs, targets.response, calendar, finished or responded is not None),
            _Clock(RESOLUTION, runs, targets.resolution, calendar, finished))


def sla_state(ticket: Ticket, config: DeskConfig, now: datetime) -> SlaState:
    response, resolution = _clocks(ticket, config)
    warn_at = config.sla.warn_at
    return SlaState(response.state(now, warn_at), resolution.state(now, warn_at))


def due_times(ticket: Ticket, config: DeskConfig, now: datetime) -> tuple[datetime, datetime]:
    """(response due, resolution due) in UTC; a paused clock's due time is as if it resumed now."""
    state = sla_state(ticket, config, now)
    return state.response.due, state.resolution.due


def time_left(ticket: Ticket, config: DeskConfig, now: datetime) -> tuple[timedelta, timedelta]:
    """Business time left on (response, resolution); negative once breached."""
    state = sla_state(ticket, config, now)
    return state.response.left, state.resolution.left


def with_due_times(ticket: Ticket, config: DeskConfig, now: datetime) -> Ticket:
    """The ticket with its due times and `sla_next_at` worked out again (after any change)."""
    response_due, resolution_due = due_times(ticket, config, now)
    stamped = replace(ticket, response_due=response_due, resolution_due=resolution_due)
    return replace(stamped, sla_next_at=next_deadline(stamped, config))


# --- waiting on the requester: reminders and auto-close -------------------------------------------

@dataclass(frozen=True)
class _Wait:
    name: str  # PENDING or RESOLVED
    since: datetime
    reminder: timedelta | None
    autoclose: timedelta | None
    calendar: BusinessCalendar
    sent: int  # the highest reminder ordinal recorded in this waiting period
    total: int  # reminders of this kind recorded over the ticket's life

    def reminder_time(self, ordinal: int) -> datetime | None:
        if self.reminder is None or (self.autoclose is not None and self.reminder * ordinal >= self.autoclose):
            return None
        return add_business_time(self.since, self.reminder * ordinal, self.calendar)

    def autoclose_time(self) -> datetime | None:
        return None if self.autoclose is None else add_business_time(self.since, self.autoclose, self.calendar)


def _wait(ticket: Ticket, config: DeskConfig) -> _Wait | None:
    sla = config.sla
    if ticket.status is S.PENDING and ticket.pending_on is PendingOn.REQUESTER:
        name, reminder, autoclose = PENDING, sla.pending_reminder, sla.pending_autoclose
        steps = timeline(ticket)
        since = steps[-1][0]
        for at, status, on in reversed(steps):
            if status is not S.PENDING or on is not PendingOn.REQUESTER:
                break
            since = at
    elif ticket.status is S.RESOLVED:
        name, reminder, autoclose = RESOLVED, sla.resolved_reminder, sla.resolved_autoclose
        since = ticket.resolved_at or timeline(ticket)[-1][0]
    else:
        return None
    if reminder is None and autoclose is None:
        return None
    kind = f"{name}_reminder"
    reminders = [e for e in ticket.history if e.kind == kind]
    sent = max((int(e.data.get("ordinal", "0")) for e in reminders if e.at >= since), default=0)
    return _Wait(name, since, reminder, autoclose, config.calendar(sla.waiting_calendar), sent, len(reminders))


def _wait_texts(wait: _Wait, ordinal: int = 0) -> str:
    period = describe_business(wait.autoclose or timedelta(0), wait.calendar)
    if wait.name == PENDING:
        if ordinal:
            return "Reminder: this ticket is waiting for your reply."
        return f"Closed automatically: no reply for {period}."
    if ordinal:
        return "Reminder: please confirm the fix, or reopen the ticket if the problem is back."
    return f"Closed automatically: the fix was not confirmed or reopened within {period}."


# --- announcements ------------------------------------------------------------------------------

def _clock_announcements(clock: _Clock, announced: tuple[str, ...], warn_at: float,
                         now: datetime | None) -> list[Announcement]:
    """Due ones when `now` is given; else the next pending threshold of each kind."""
    if clock.stopped:
        return []
    found = []
    for kind, fraction in ((BREACH, 1.0), (WARN, warn_at)):
        key = f"{clock.name}:{kind}"
        if key in announced:
            continue
        at = clock.deadline(fraction)
        if at is None or (now is not None and at > now):
            continue
        label = "Response" if clock.name == RESPONSE else "Resolution"
        text = (f"{label} target breached (due {at:%Y-%m-%d %H:%M} UTC)." if kind == BREACH
                else f"{label} target {round(warn_at * 100)}% used.")
        found.append(Announcement(key, clock.name, kind, at, text))
        if now is not None:
            break  # a due breach covers its warning
    return found


def _wait_announcements(wait: _Wait | None, now: datetime | None) -> list[Announcement]:
    if wait is None:
        return []
    closes = wait.autoclose_time()
    if closes is not None and (now is None or closes <= now):
        found = [Announcement(f"{wait.name}:{AUTOCLOSE}", wait.name, AUTOCLOSE, closes, _wait_texts(wait))]
        if now is not None:
            return found
    else:
        found = []
    if wait.reminder is None:
        return found
    ordinal = wait.sent + 1
    if now is not None:  # the latest reminder due now; missed ones are not sent in a burst
        elapsed = business_time_between(wait.since, now, wait.calendar)
        ordinal = max(ordinal, elapsed // wait.reminder)
    at = wait.reminder_time(ordinal) if ordinal > wait.sent else None
    if at is not None and (now is None or at <= now):
        found.append(Announcement(f"{wait.name}:{REMIND}:{wait.total + 1}", wait.name, REMIND, at,
                                  _wait_texts(wait, ordinal), ordinal))
    return found


def due_announcements(ticket: Ticket, config: DeskConfig, now: datetime) -> list[Announcement]:
    """What must be announced now and has not been, oldest first. A due breach stands for its
    warning; a due auto-close for the reminders; of several missed reminders only the latest."""
    if ticket.status in (S.CLOSED, S.CANCELLED):
        return []
    found = [a for clock in _clocks(ticket, config)
             for a in _clock_announcements(clock, ticket.sla_announced, config.sla.warn_at, now)]
    found += _wait_announcements(_wait(ticket, config), now)
    return sorted(found, key=lambda a: a.due)


def next_deadline(ticket: Ticket, config: DeskConfig) -> datetime | None:
    """The earliest moment something falls due for this ticket (possibly already past), or None
    when nothing will until the ticket changes. A store indexes it; a watcher asks for `<= now`."""
    if ticket.status in (S.CLOSED, S.CANCELLED):
        return None
    found = [a for clock in _clocks(ticket, config)
             for a in _clock_announcements(clock, ticket.sla_announced, config.sla.warn_at, None)]
    found += _wait_announcements(_wait(ticket, config), None)
    return min((a.due for a in found), default=None)


def mark_announced(ticket: Ticket, announcements: Sequence[Announcement], at: datetime) -> Ticket:
    """Record each announcement once: an internal `sla_warning` / `sla_breach` event, a public
    `pending_reminder` / `resolved_reminder` event, or the auto-close itself (`lifecycle.close`).
    Announcements already recorded, or no longer fitting the ticket's status, are skipped."""
    for item in announcements:
        if item.kind == AUTOCLOSE:
            waiting = S.PENDING if item.clock == PENDING else S.RESOLVED
            if ticket.status is waiting:
                ticket = lifecycle.close(ticket, at, item.text)
            continue
        if item.key in ticket.sla_announced:
            continue
        keys = (item.key,)
        data = {"key": item.key, "due": item.due.isoformat()}
        if item.kind == REMIND:
            kind, visibility = f"{item.clock}_reminder", Visibility.PUBLIC
            data["ordinal"] = str(item.ordinal)
        else:
            kind, visibility = ("sla_breach" if item.kind == BREACH else "sla_warning"), Visibility.INTERNAL
            data["clock"] = item.clock
            if item.kind == BREACH:
                keys += (f"{item.clock}:{WARN}",)
        new_keys = tuple(k for k in keys if k not in ticket.sla_announced)
        event = Event(at, None, kind, visibility, item.text, data)
        ticket = lifecycle.record(ticket, event, sla_announced=ticket.sla_announced + new_keys)
    return ticket
