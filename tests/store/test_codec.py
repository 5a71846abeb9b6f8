"""The codec: JSON-safe output, exact round trips, and no silent loss of a field."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import datetime, timedelta, timezone

import pytest

from store.codec import ticket_from_dict, ticket_to_dict
from tests.factories import T0, make_full_ticket, make_ticket
from tickets.model import Event, Ticket


def _through_json(ticket: Ticket) -> Ticket:
    return ticket_from_dict(json.loads(json.dumps(ticket_to_dict(ticket))))


def test_every_ticket_field_is_encoded() -> None:
    assert set(ticket_to_dict(make_full_ticket())) == {f.name for f in fields(Ticket)}


@pytest.mark.parametrize("ticket", [make_ticket(), make_full_ticket(number=42, version=3)], ids=["bare", "full"])
def test_round_trip_through_json_is_exact(ticket: Ticket) -> None:
    assert _through_json(ticket) == ticket


def test_values_are_readable_json() -> None:
    doc = ticket_to_dict(make_full_ticket())

    assert doc["status"] == "Pending" and doc["type"] == "change" and doc["pending_on"] == "vendor"
    assert doc["created_at"] == "2026-11-02T09:30:00+00:00"
    assert doc["history"][3]["actor"] is None and doc["history"][3]["data"] == {"threshold": "75%"}
    assert doc["tags"] == ["vpn", "vip"]
    assert doc["channel_thread"]["activity_id"] == "1700000000000"


def test_other_offsets_keep_the_same_instant_and_offset() -> None:
    cet = timezone(timedelta(hours=1))
    at = datetime(2026, 11, 2, 10, 30, 0, 5, tzinfo=cet)
    ticket = make_ticket(updated_at=at, history=(Event(at, None, "note"),))

    back = _through_json(ticket)

    assert back == ticket
    assert back.updated_at.utcoffset() == timedelta(hours=1) and back.history[0].at.utcoffset() == timedelta(hours=1)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        ticket_to_dict(replace(make_ticket(), resolved_at=T0.replace(tzinfo=None)))
