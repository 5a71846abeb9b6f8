"""Impact x urgency -> priority, and the response/resolution targets per priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tickets.durations import parse_duration
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
    response: timedelta
    resolution: timedelta


DEFAULT_TARGETS: dict[Priority, Targets] = {
    Priority.CRITICAL: Targets(timedelta(minutes=15), timedelta(hours=4)),
    Priority.HIGH: Targets(timedelta(hours=1), timedelta(hours=8)),
    Priority.MEDIUM: Targets(timedelta(hours=4), timedelta(days=3)),
    Priority.LOW: Targets(timedelta(hours=24), timedelta(days=5)),
}


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


def parse_targets(raw: object, where: str) -> dict[Priority, Targets]:
    """`{critical: {response: 15m, resolution: 4h}, ...}`; missing priorities keep the defaults."""
    if raw is None:
        return dict(DEFAULT_TARGETS)
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping priority -> targets is expected")
    targets = dict(DEFAULT_TARGETS)
    for key, value in raw.items():
        try:
            priority = Priority(str(key).capitalize())
        except ValueError:
            raise ValueError(f"{where}.{key}: unknown priority (use critical, high, medium, low)") from None
        if not isinstance(value, dict):
            raise ValueError(f"{where}.{key}: expected response and resolution durations")
        response = parse_duration(value.get("response"), f"{where}.{key}.response")
        resolution = parse_duration(value.get("resolution"), f"{where}.{key}.resolution")
        targets[priority] = Targets(response, resolution)
    return targets
