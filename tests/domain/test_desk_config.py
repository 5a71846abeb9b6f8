"""The desk configuration: the shipped file parses, and every mistake names file, key and problem."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest

from tests.domain.support import SHIPPED
from tickets.desk_config import parse_desk_config
from tickets.model import Priority

H = timedelta(hours=1)


def test_the_shipped_configuration_has_the_guides_targets_and_rules() -> None:
    config = parse_desk_config(copy.deepcopy(SHIPPED), "desk.yaml")
    assert config.business_hours.timezone == "Europe/London"
    assert config.targets[Priority.CRITICAL].response == 15 * timedelta(minutes=1)
    assert config.targets[Priority.CRITICAL].always_open
    assert config.targets[Priority.HIGH].response == H
    assert config.targets[Priority.MEDIUM].resolution == 30 * H  # 3 business days of 10 hours
    assert config.targets[Priority.LOW].response == 24 * H
    assert config.sla.warn_at == 0.75 and config.sla.scan_seconds == 60
    assert config.sla.pending_reminder == 20 * H and config.sla.pending_autoclose == 50 * H
    assert config.sla.resolved_autoclose == 30 * H
    assert set(config.queues) == {"default", "access"}
    assert config.routing.match == "all"
    assert [r.name for r in config.routing.rules] == ["password reset", "finance priority"]


def test_sections_left_out_get_documented_defaults() -> None:
    config = parse_desk_config({"taxonomy": SHIPPED["taxonomy"]}, "mini.yaml")
    assert (config.business_hours.timezone, config.business_hours.working_day) == ("UTC", 8 * H)
    assert config.targets[Priority.MEDIUM].resolution == 24 * H  # 3 days of 8 hours
    assert config.sla.pending_autoclose is None
    assert list(config.queues) == ["default"] and config.routing.rules == ()


def with_changes(path: str, value: Any) -> dict:
    raw = copy.deepcopy(SHIPPED)
    *parents, last = path.split(".")
    node = raw
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    node[last] = value
    return raw


@pytest.mark.parametrize(("path", "value", "message"), [
    ("sla.priorities.high.response", "soon",
     "desk.yaml: sla.priorities.high.response: 'soon' is not a duration"),
    ("sla.priorities.urgent", {"response": "1h", "resolution": "2h"},
     "desk.yaml: sla.priorities.urgent: 'urgent' is not a priority"),
    ("sla.priorities.high.calendar", "weekdays",
     "desk.yaml: sla.priorities.high.calendar: 'weekdays' is not a calendar"),
    ("sla.priorities.low", {"response": "6d", "resolution": "5d"},
     "desk.yaml: sla.priorities.low.response: the response target is longer than the resolution target"),
    ("sla.warn_at", 75, "desk.yaml: sla.warn_at: '75' is not a fraction between 0 and 1"),
    ("sla.scan_seconds", "often", "desk.yaml: sla.scan_seconds: 'often' is not a whole number"),
    ("sla.pending_remider", "2d", "desk.yaml: sla.pending_remider: unknown setting"),
    ("sla.pending_autoclose", "a week", "desk.yaml: sla.pending_autoclose: 'a week' is not a duration"),
    ("sla.types", {"incidents": {}}, "desk.yaml: sla.types.incidents: unknown ticket type"),
    ("business_hours.end", 1080, "desk.yaml: business_hours.end: 1080 is not a time; write it in quotes"),
    ("business_hours.timezone", "London", "desk.yaml: business_hours.timezone: 'London' is not a time zone"),
    ("queues.access.managers", "", "desk.yaml: queues.access.managers: a list of names is expected"),
    ("queues.access.manager", ["x"], "desk.yaml: queues.access.manager: unknown setting"),
    ("routing.rules.0.then.queue", "identity",
     "desk.yaml: routing.rules[0].then.queue: 'identity' is not a queue defined under queues"),
    ("routing.rules.1.then.min_priority", "urgent",
     "desk.yaml: routing.rules[1].then.min_priority: 'urgent' is not a priority"),
    ("routing.rules.0.when.category", "Accounts",
     "desk.yaml: routing.rules[0].when.category: 'Accounts' is not a category of the taxonomy"),
    ("routing.rules.0.when.words", [], "desk.yaml: routing.rules[0].when.words: a word or a non-empty list"),
    ("routing.rules.0.when.colour", "red", "desk.yaml: routing.rules[0].when.colour: unknown setting"),
    ("routing.rules.1.name", "password reset",
     "desk.yaml: routing.rules: two rules are named 'password reset'"),
    ("routing.match", "some", "desk.yaml: routing.match: 'some' is not all or first"),
])
def test_a_mistake_names_the_file_the_key_and_the_problem(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_desk_config(with_changes(path, value), "desk.yaml")
    assert str(error.value).startswith(message), str(error.value)


def test_a_rule_without_conditions_is_refused() -> None:
    raw = with_changes("routing.rules", [{"name": "everything", "when": {}, "then": {"tags": ["x"]}}])
    with pytest.raises(ValueError, match=r"^desk.yaml: routing.rules\[0\].when: give at least one of words"):
        parse_desk_config(raw, "desk.yaml")
