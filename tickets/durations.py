"""Durations as admins write them (`30s`, `15m`, `4h`, `3d`) and as users read them."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")


def parse_duration(value: object, where: str) -> timedelta:
    match = _DURATION.match(str(value)) if value is not None else None
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"{where}: '{value}' is not a duration such as 30s, 15m, 4h or 3d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def describe(delta: timedelta) -> str:
    """15 minutes, 1 hour, 3 days: the largest whole unit."""
    seconds = int(delta.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
