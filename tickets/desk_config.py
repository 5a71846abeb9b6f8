"""The desk's configuration as the domain sees it, built from a plain mapping (parsed YAML).

Every error is a ValueError reading "<source>: <key path>: <what is wrong>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from tickets.calendar import (
    ALWAYS,
    BUSINESS,
    TWENTY_FOUR_SEVEN,
    BusinessCalendar,
    parse_business_duration,
    parse_business_hours,
)
from tickets.model import Priority, TicketType
from tickets.priority import PriorityMatrix, Targets, parse_matrix, parse_targets
from tickets.routing import Routing, parse_routing
from tickets.taxonomy import Taxonomy, parse_taxonomy

DEFAULT_QUEUE = "default"
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SLA_KEYS = ("warn_at", "scan_seconds", "priorities", "types", "pending_reminder", "pending_autoclose",
             "resolved_reminder", "resolved_autoclose", "waiting_calendar")
_QUEUE_KEYS = ("managers", "tiers")


@dataclass(frozen=True)
class Queue:
    name: str
    managers: tuple[str, ...] = ()  # AAD object ids or user principal names, alerted at a breach
    tiers: tuple[str, ...] = ("Tier 1",)


@dataclass(frozen=True)
class SlaPolicy:
    """Targets and waiting periods; periods are business time of `waiting_calendar`, None = off."""

    warn_at: float = 0.75
    scan_seconds: int = 60
    types: dict[TicketType, dict[Priority, Targets]] = field(default_factory=dict)
    pending_reminder: timedelta | None = None
    pending_autoclose: timedelta | None = None
    resolved_reminder: timedelta | None = None
    resolved_autoclose: timedelta | None = None
    waiting_calendar: str = BUSINESS


@dataclass(frozen=True)
class DeskConfig:
    taxonomy: Taxonomy
    matrix: PriorityMatrix
    targets: dict[Priority, Targets]  # sla.priorities
    business_hours: BusinessCalendar = field(default_factory=BusinessCalendar)
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    queues: dict[str, Queue] = field(default_factory=lambda: {DEFAULT_QUEUE: Queue(DEFAULT_QUEUE)})
    routing: Routing = field(default_factory=Routing)

    def calendar(self, name: str) -> BusinessCalendar:
        """The calendar a target or waiting period counts in: `24x7` or the business hours."""
        return TWENTY_FOUR_SEVEN if name == ALWAYS else self.business_hours

    def publishers(self) -> frozenset[str]:
        """Who may publish knowledge-base articles: the queues' managers (empty: any technician)."""
        return frozenset(m for queue in self.queues.values() for m in queue.managers)

    def targets_for(self, ticket_type: TicketType, priority: Priority) -> Targets:
        """The per-type override (sla.types) if there is one, else the priority's targets."""
        return self.sla.types.get(ticket_type, {}).get(priority) or self.targets[priority]


def _mapping(raw: object, where: str, known: tuple[str, ...] | None = None) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping is expected")
    if known is not None:
        unknown = sorted(str(k) for k in raw if k not in known)
        if unknown:
            raise ValueError(f"{where}.{unknown[0]}: unknown setting (known: {', '.join(known)})")
    return raw


def _parse_sla(raw: object, business: BusinessCalendar) -> SlaPolicy:
    sla = _mapping(raw, "sla", _SLA_KEYS)
    warn_at = sla.get("warn_at", 0.75)
    if isinstance(warn_at, bool) or not isinstance(warn_at, int | float) or not 0 < warn_at < 1:
        raise ValueError(f"sla.warn_at: '{warn_at}' is not a fraction between 0 and 1, such as 0.75")
    scan = sla.get("scan_seconds", 60)
    if isinstance(scan, bool) or not isinstance(scan, int) or scan <= 0:
        raise ValueError(f"sla.scan_seconds: '{scan}' is not a whole number of seconds above 0")
    waiting = str(sla.get("waiting_calendar", BUSINESS)).strip().lower()
    if waiting not in (BUSINESS, ALWAYS):
        raise ValueError(f"sla.waiting_calendar: '{waiting}' is not a calendar (use business or 24x7)")
    calendar = TWENTY_FOUR_SEVEN if waiting == ALWAYS else business

    def period(key: str) -> timedelta | None:
        value = sla.get(key)
        return None if value in (None, "off", False) else parse_business_duration(value, f"sla.{key}", calendar)

    types: dict[TicketType, dict[Priority, Targets]] = {}
    for key, value in _mapping(sla.get("types"), "sla.types").items():
        try:
            ticket_type = TicketType(str(key).strip().lower())
        except ValueError:
            known = ", ".join(t.value for t in TicketType)
            raise ValueError(f"sla.types.{key}: unknown ticket type (use {known})") from None
        types[ticket_type] = parse_targets(_mapping(value, f"sla.types.{key}"), f"sla.types.{key}",
                                           business, defaults=False)
    return SlaPolicy(
        warn_at=float(warn_at), scan_seconds=scan, types=types,
        pending_reminder=period("pending_reminder"), pending_autoclose=period("pending_autoclose"),
        resolved_reminder=period("resolved_reminder"), resolved_autoclose=period("resolved_autoclose"),
        waiting_calendar=waiting,
    )


def _parse_names(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError(f"{where}: a list of names is expected")
    return tuple(i.strip() for i in items)


def _parse_queues(raw: object) -> dict[str, Queue]:
    queues: dict[str, Queue] = {}
    for name, value in _mapping(raw, "queues").items():
        where = f"queues.{name}"
        if not isinstance(name, str) or not _QUEUE_NAME.match(name):
            raise ValueError(f"{where}: a queue name is one word of letters, digits, '-', '_' or '.'")
        spec = _mapping(value, where, _QUEUE_KEYS)
        tiers = spec.get("tiers")
        if isinstance(tiers, int) and not isinstance(tiers, bool) and tiers > 0:
            tier_names = tuple(f"Tier {n}" for n in range(1, tiers + 1))
        elif tiers is None:
            tier_names = ("Tier 1",)
        else:
            tier_names = _parse_names(tiers, f"{where}.tiers")
            if not tier_names:
                raise ValueError(f"{where}.tiers: give a number of tiers or a list of tier names")
        queues[name] = Queue(name, _parse_names(spec.get("managers"), f"{where}.managers"), tier_names)
    queues.setdefault(DEFAULT_QUEUE, Queue(DEFAULT_QUEUE))
    return queues


def parse_desk_config(raw: object, source: str) -> DeskConfig:
    """Raises ValueError whose message names `source`, the key and what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: the file must hold a mapping of settings")
    try:
        taxonomy = parse_taxonomy(raw.get("taxonomy"), "taxonomy")
        business = parse_business_hours(raw.get("business_hours"), "business_hours")
        sla = _parse_sla(raw.get("sla"), business)
        sla_raw = raw.get("sla") or {}
        queues = _parse_queues(raw.get("queues"))
        return DeskConfig(
            taxonomy=taxonomy,
            matrix=parse_matrix(raw.get("priority_matrix"), "priority_matrix"),
            targets=parse_targets(sla_raw.get("priorities"), "sla.priorities", business),
            business_hours=business,
            sla=sla,
            queues=queues,
            routing=parse_routing(raw.get("routing"), "routing", taxonomy, frozenset(queues)),
        )
    except ValueError as error:
        raise ValueError(f"{source}: {error}") from None
