"""Impact x urgency -> priority, and the response/resolution targets per priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tickets.calendar import ALWAYS, BUSINESS, TWENTY_FOUR_SEVEN, BusinessCalendar, parse_business_duration
from tickets.model import Level, Priority

DEFAULT_MATRIX: dict[tuple[Level, Level], Priority] = {
    (Level.HIGH, Level.HIGH): Priority.CRITICAL,
    (Level.HIGH, Level.MEDIUM): Priority.HIGH,
    (Level.MEDIUM, Level.HIGH): Priority.HIGH,
    (Level.HIGH, Level.LOW): Priority.MEDIUM,
    (Level.MEDIUM, Level.MEDIUM): Priority.MEDIUM,
    (Level.LOW, Level.HIGH): Priority.MEDIUM,
    (Level.MEDIUM, Level.LOW): Priority.LOW,
    (Level.LOW, Level.MEDIUM): Priority.LOW,
    (Level.LOW, Level.LOW): Priority.LOW,
}


@dataclass(frozen=True)
class PriorityMatrix:
    cells: dict[tuple[Level, Level], Priority]

    def priority(self, impact: Level, urgency: Level) -> Priority:
        return self.cells[(impact, urgency)]


@dataclass(frozen=True)
class Targets:
    """Business time (or round-the-clock time when `calendar` is 24x7) to respond and to resolve."""

    response: timedelta
    resolution: timedelta
    calendar: str = BUSINESS  # BUSINESS or ALWAYS ("24x7")

    @property
    def always_open(self) -> bool:
        return self.calendar == ALWAYS


DEFAULT_TARGETS: dict[Priority, Targets] = {
    Priority.CRITICAL: Targets(timedelta(minutes=15), timedelta(hours=4), ALWAYS),
    Priority.HIGH: Targets(timedelta(hours=1), timedelta(hours=8)),
    Priority.MEDIUM: Targets(timedelta(hours=4), timedelta(days=3)),
    Priority.LOW: Targets(timedelta(hours=24), timedelta(days=5)),
}

# The same defaults as an admin writes them: `3d` means three business days of the calendar.
DEFAULT_TARGET_SPEC: dict[str, dict[str, str]] = {
    "critical": {"response": "15m", "resolution": "4h", "calendar": ALWAYS},
    "high": {"response": "1h", "resolution": "8h"},
    "medium": {"response": "4h", "resolution": "3d"},
    "low": {"response": "24h", "resolution": "5d"},
}
_TARGET_KEYS = ("response", "resolution", "calendar")


def parse_matrix(raw: object, where: str) -> PriorityMatrix:
    """`{impact: {urgency: priority}}` with every one of the nine cells given."""
    if raw is None:
        return PriorityMatrix(dict(DEFAULT_MATRIX))
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping impact -> urgency -> priority is expected")
    cells: dict[tuple[Level, Level], Priority] = {}
    for impact in Level:
        row = raw.get(impact.value)
        if not isinstance(row, dict):
            raise ValueError(f"{where}.{impact.value}: missing row for impact '{impact.value}'")
        for urgency in Level:
            value = row.get(urgency.value)
            try:
                cells[(impact, urgency)] = Priority(str(value).capitalize())
            except ValueError:
                raise ValueError(
                    f"{where}.{impact.value}.{urgency.value}: '{value}' is not one of critical, high, medium, low"
                ) from None
    return PriorityMatrix(cells)


def parse_priority(value: object, where: str) -> Priority:
    try:
        return Priority(str(value).strip().capitalize())
    except ValueError:
        raise ValueError(f"{where}: '{value}' is not a priority (use critical, high, medium, low)") from None


def parse_target(raw: object, where: str, business: BusinessCalendar) -> Targets:
    """`{response: 1h, resolution: 3d, calendar: business|24x7}`; `d` counts days of the calendar used."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected response and resolution durations")
    unknown = sorted(str(k) for k in raw if k not in _TARGET_KEYS)
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown setting (known: {', '.join(_TARGET_KEYS)})")
    name = str(raw.get("calendar", BUSINESS)).strip().lower()
    if name not in (BUSINESS, ALWAYS):
        raise ValueError(f"{where}.calendar: '{raw.get('calendar')}' is not a calendar (use business or 24x7)")
    calendar = TWENTY_FOUR_SEVEN if name == ALWAYS else business
    response = parse_business_duration(raw.get("response"), f"{where}.response", calendar)
    resolution = parse_business_duration(raw.get("resolution"), f"{where}.resolution", calendar)
    if response > resolution:
        raise ValueError(f"{where}.response: the response target is longer than the resolution target")
    return Targets(response, resolution, name)


def parse_targets(raw: object, where: str, business: BusinessCalendar | None = None,
                  defaults: bool = True) -> dict[Priority, Targets]:
    """`{critical: {response: 15m, resolution: 4h}, ...}`; missing priorities keep the defaults
    (none with `defaults=False`, for per-type overrides). Without a `business` calendar a day is
    24 hours."""
    business = business or TWENTY_FOUR_SEVEN
    if raw is not None and not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping priority -> targets is expected")
    targets: dict[Priority, Targets] = {}
    if defaults:
        for key, spec in DEFAULT_TARGET_SPEC.items():
            targets[parse_priority(key, key)] = parse_target(spec, f"{where}.{key}", business)
    for key, value in (raw or {}).items():
        priority = parse_priority(key, f"{where}.{key}")
        targets[priority] = parse_target(value, f"{where}.{key}", business)
    return targets
