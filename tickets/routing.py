"""Triage rules: conditions on a new ticket and its requester -> queue, priority floor, tags.

Every rule whose conditions all hold fires (`match: all`, the default): the queue comes from the
first fired rule that names one, the priority floor is the highest any fired rule asks for (a later
rule can raise it, never lower it), and tags accumulate in rule order. With `match: first` only the
first rule that holds fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from tickets.model import Person, Priority, TicketType
from tickets.priority import parse_priority
from tickets.taxonomy import Taxonomy

ALL, FIRST = "all", "first"
_RULE_KEYS = ("name", "when", "then")
_WHEN_KEYS = ("words", "category", "subcategory", "type", "department", "job_title")
_THEN_KEYS = ("queue", "min_priority", "tags")


class Routable(Protocol):
    """What routing reads from an intake draft or a ticket."""

    type: TicketType
    category: str
    subcategory: str
    summary: str
    description: str


def _phrase(text: str) -> re.Pattern[str]:
    """Whole words, case-insensitive; a trailing `*` allows any ending (`password*`)."""
    words = text.strip().rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    tail = r"\w*" if text.strip().endswith("*") else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    name: str
    words: tuple[str, ...] = ()  # any of them in the summary or description
    categories: frozenset[str] = frozenset()
    subcategories: frozenset[str] = frozenset()
    types: frozenset[TicketType] = frozenset()
    departments: frozenset[str] = frozenset()  # compared case-insensitively
    job_titles: tuple[str, ...] = ()  # any of them as words in the job title
    queue: str | None = None
    min_priority: Priority | None = None
    tags: tuple[str, ...] = ()

    def matches(self, fields: Routable, requester: Person) -> bool:
        text = f"{fields.summary}\n{fields.description}"
        checks = (
            not self.words or any(_phrase(w).search(text) for w in self.words),
            not self.categories or fields.category in self.categories,
            not self.subcategories or fields.subcategory in self.subcategories,
            not self.types or fields.type in self.types,
            not self.departments or requester.department.strip().lower() in self.departments,
            not self.job_titles or any(_phrase(t).search(requester.job_title) for t in self.job_titles),
        )
        return all(checks)


@dataclass(frozen=True)
class Routing:
    rules: tuple[Rule, ...] = ()
    match: str = ALL


@dataclass(frozen=True)
class RoutingDecision:
    queue: str | None = None
    priority_floor: Priority | None = None
    tags: tuple[str, ...] = ()
    fired: tuple[Rule, ...] = ()

    @property
    def fired_rule_names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.fired)

    def raise_priority(self, priority: Priority) -> Priority:
        """`priority`, or the floor when the floor is more urgent."""
        if self.priority_floor is not None and self.priority_floor.rank < priority.rank:
            return self.priority_floor
        return priority


def route(fields: Routable, requester: Person, routing: Routing) -> RoutingDecision:
    queue: str | None = None
    floor: Priority | None = None
    tags: list[str] = []
    fired: list[Rule] = []
    for rule in routing.rules:
        if not rule.matches(fields, requester):
            continue
        fired.append(rule)
        queue = queue or rule.queue
        if rule.min_priority is not None and (floor is None or rule.min_priority.rank < floor.rank):
            floor = rule.min_priority
        tags.extend(t for t in rule.tags if t not in tags)
        if routing.match == FIRST:
            break
    return RoutingDecision(queue, floor, tuple(tags), tuple(fired))


# --- parsing the `routing` section ----------------------------------------------------------------

def _strings(raw: object, where: str) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError(f"{where}: a word or a non-empty list of words is expected")
    return tuple(i.strip() for i in items)


def _phrases(raw: object, where: str) -> tuple[str, ...]:
    phrases = _strings(raw, where)
    for phrase in phrases:
        if not re.search(r"\w", phrase):
            raise ValueError(f"{where}: '{phrase}' has no letters or digits to match")
    return phrases


def _known(raw: object, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping with some of {', '.join(keys)} is expected")
    unknown = sorted(str(k) for k in raw if k not in keys)
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown setting (known: {', '.join(keys)})")
    if not raw:
        raise ValueError(f"{where}: give at least one of {', '.join(keys)}")
    return raw


def _parse_rule(raw: object, where: str, taxonomy: Taxonomy, queues: frozenset[str]) -> Rule:
    spec = _known(raw, where, _RULE_KEYS)
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}.name: every rule needs a name (it is shown on the ticket)")
    when = _known(spec.get("when"), f"{where}.when", _WHEN_KEYS)
    then = _known(spec.get("then"), f"{where}.then", _THEN_KEYS)
    w = f"{where}.when"
    categories = _strings(when["category"], f"{w}.category") if "category" in when else ()
    for category in categories:
        if taxonomy.get(category) is None:
            raise ValueError(f"{w}.category: '{category}' is not a category of the taxonomy")
    subcategories = _strings(when["subcategory"], f"{w}.subcategory") if "subcategory" in when else ()
    allowed = {s for c in taxonomy.categories if not categories or c.name in categories for s in c.subcategories}
    for sub in subcategories:
        if sub not in allowed:
            raise ValueError(f"{w}.subcategory: '{sub}' is not a subcategory of {', '.join(categories) or 'any category'}")
    types = []
    for value in _strings(when["type"], f"{w}.type") if "type" in when else ():
        try:
            types.append(TicketType(value.lower()))
        except ValueError:
            known = ", ".join(t.value for t in TicketType)
            raise ValueError(f"{w}.type: '{value}' is not a ticket type (use {known})") from None
    queue = then.get("queue")
    if queue is not None and queue not in queues:
        raise ValueError(f"{where}.then.queue: '{queue}' is not a queue defined under queues")
    floor = then.get("min_priority")
    return Rule(
        name=name.strip(),
        words=_phrases(when["words"], f"{w}.words") if "words" in when else (),
        categories=frozenset(categories),
        subcategories=frozenset(subcategories),
        types=frozenset(types),
        departments=frozenset(d.lower() for d in _strings(when["department"], f"{w}.department"))
        if "department" in when else frozenset(),
        job_titles=_phrases(when["job_title"], f"{w}.job_title") if "job_title" in when else (),
        queue=queue,
        min_priority=parse_priority(floor, f"{where}.then.min_priority") if floor is not None else None,
        tags=_strings(then["tags"], f"{where}.then.tags") if "tags" in then else (),
    )


def parse_routing(raw: object, where: str, taxonomy: Taxonomy, queues: frozenset[str]) -> Routing:
    """`{match: all|first, rules: [{name, when: {...}, then: {...}}]}`; absent means no rules."""
    if raw is None:
        return Routing()
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a mapping with match and rules is expected")
    unknown = sorted(str(k) for k in raw if k not in ("match", "rules"))
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown setting (known: match, rules)")
    match = str(raw.get("match", ALL)).strip().lower()
    if match not in (ALL, FIRST):
        raise ValueError(f"{where}.match: '{raw.get('match')}' is not all or first")
    rules_raw = raw.get("rules") or []
    if not isinstance(rules_raw, list):
        raise ValueError(f"{where}.rules: a list of rules is expected")
    rules = tuple(_parse_rule(r, f"{where}.rules[{i}]", taxonomy, queues) for i, r in enumerate(rules_raw))
    names = [r.name for r in rules]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ValueError(f"{where}.rules: two rules are named '{duplicate}'; names must be unique")
    return Routing(rules, match)
