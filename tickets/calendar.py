"""Business time: working days and hours in a time zone, with holidays, or round the clock.

Datetimes go in and come out timezone-aware in UTC. Working hours are wall-clock times in the
calendar's zone, so a working day still starts at 08:00 local after a DST change; business time
is real elapsed time inside working hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tickets.durations import describe, parse_duration

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALWAYS = "24x7"
BUSINESS = "business"
_SEARCH_DAYS = 3660  # a calendar with no working time for ten years is broken, not slow
_ZERO = timedelta(0)


@dataclass(frozen=True)
class BusinessCalendar:
    timezone: str = "UTC"
    days: frozenset[int] = frozenset(range(5))  # 0 is Monday
    start: time = time(9)
    end: time = time(17)
    holidays: frozenset[date] = field(default_factory=frozenset)
    always_open: bool = False

    @property
    def working_day(self) -> timedelta:
        """The length of one business day: what `1d` means on this calendar."""
        if self.always_open:
            return timedelta(days=1)
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    def working_hours(self, day: date) -> tuple[datetime, datetime] | None:
        """Start and end (UTC) of the working hours on a local date; None on a day off."""
        if day.weekday() not in self.days or day in self.holidays:
            return None
        zone = ZoneInfo(self.timezone)  # ZoneInfo caches its instances
        return (datetime.combine(day, self.start, zone).astimezone(UTC),
                datetime.combine(day, self.end, zone).astimezone(UTC))

    def local_date(self, at: datetime) -> date:
        return at.astimezone(ZoneInfo(self.timezone)).date()


TWENTY_FOUR_SEVEN = BusinessCalendar(always_open=True)


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("business time needs timezone-aware datetimes")
    return at.astimezone(UTC)


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The moment `duration` of business time after `start` has passed.

    Starting outside working hours counts from the next opening; a zero duration returns `start`.
    """
    start = _utc(start)
    if duration <= _ZERO:
        return start
    if calendar.always_open:
        return start + duration
    remaining, day = duration, calendar.local_date(start)
    for _ in range(_SEARCH_DAYS):
        hours = calendar.working_hours(day)
        if hours and hours[1] > start:
            begin = max(hours[0], start)
            available = hours[1] - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        day += timedelta(days=1)
    raise ValueError("the business calendar has no working time in the next ten years")


def business_time_between(a: datetime, b: datetime, calendar: BusinessCalendar) -> timedelta:
    """Business time from `a` to `b`; zero when `b` is not after `a`."""
    a, b = _utc(a), _utc(b)
    if b <= a:
        return _ZERO
    if calendar.always_open:
        return b - a
    total, day, last = _ZERO, calendar.local_date(a), calendar.local_date(b)
    while day <= last:
        hours = calendar.working_hours(day)
        if hours:
            overlap = min(hours[1], b) - max(hours[0], a)
            if overlap > _ZERO:
                total += overlap
        day += timedelta(days=1)
    return total


def parse_business_duration(value: object, where: str, calendar: BusinessCalendar) -> timedelta:
    """`30s`, `15m`, `4h` as business time; `2d` as two business days of this calendar."""
    delta = parse_duration(value, where)
    if str(value).strip().endswith("d"):
        return delta.days * calendar.working_day
    return delta


def describe_business(delta: timedelta, calendar: BusinessCalendar) -> str:
    """`3 business days`, `24 working hours` on a business calendar; `4 hours` round the clock."""
    if calendar.always_open:
        return describe(delta)
    day, hour = calendar.working_day, timedelta(hours=1)
    if delta >= day and delta % day == _ZERO:
        count = delta // day
        return f"{count} business day{'s' if count != 1 else ''}"
    if delta >= hour and delta % hour == _ZERO:
        count = delta // hour
        return f"{count} working hour{'s' if count != 1 else ''}"
    return describe(delta)


# --- parsing the `business_hours` section ---------------------------------------------------------

_KEYS = ("timezone", "days", "start", "end", "holidays")


def _parse_time(value: object, where: str) -> time:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(
            f"{where}: {value} is not a time; write it in quotes, such as \"18:00\" "
            f"(unquoted, YAML reads 18:00 as the number 1080)"
        )
    try:
        parsed = time.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{where}: '{value}' is not a time such as \"08:00\"") from None
    if parsed.tzinfo is not None:
        raise ValueError(f"{where}: give a local time without an offset; the zone is business_hours.timezone")
    return parsed


def _parse_days(value: object, where: str) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: a non-empty list of days such as [mon, tue, wed, thu, fri] is expected")
    days = set()
    for i, item in enumerate(value):
        name = str(item).strip().lower()
        name = WEEKDAYS[_DAY_NAMES.index(name)] if name in _DAY_NAMES else name
        if name not in WEEKDAYS:
            raise ValueError(f"{where}[{i}]: '{item}' is not a day (use mon, tue, wed, thu, fri, sat, sun)")
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


def _parse_holidays(value: object, where: str) -> frozenset[date]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise ValueError(f"{where}: a list of dates such as [\"2026-12-25\"] is expected")
    holidays = set()
    for i, item in enumerate(value):
        if isinstance(item, date) and not isinstance(item, datetime):
            holidays.add(item)
            continue
        try:
            holidays.add(date.fromisoformat(str(item).strip()))
        except ValueError:
            raise ValueError(f"{where}[{i}]: '{item}' is not a date such as \"2026-12-25\"") from None
    return frozenset(holidays)


def parse_business_hours(raw: object, where: str) -> BusinessCalendar:
    """`{timezone, days, start, end, holidays}`; missing keys keep the defaults (UTC, Mon-Fri 09-17)."""
    if raw is None:
        return BusinessCalendar()
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping with {', '.join(_KEYS)} is expected")
    unknown = sorted(str(k) for k in raw if k not in _KEYS)
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown setting (known: {', '.join(_KEYS)})")
    default = BusinessCalendar()
    timezone = str(raw.get("timezone", default.timezone)).strip()
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{where}.timezone: '{timezone}' is not a time zone (use a name such as Europe/London)") from None
    days = _parse_days(raw["days"], f"{where}.days") if "days" in raw else default.days
    start = _parse_time(raw["start"], f"{where}.start") if "start" in raw else default.start
    end = _parse_time(raw["end"], f"{where}.end") if "end" in raw else default.end
    if end <= start:
        raise ValueError(f"{where}.end: the working day must end after it starts ({start:%H:%M})")
    holidays = _parse_holidays(raw.get("holidays"), f"{where}.holidays")
    return BusinessCalendar(timezone, days, start, end, holidays)
