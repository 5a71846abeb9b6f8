"""DeflectionLog on the "Service Desk Deflections" SharePoint list: one item per event, shared by every
instance, so the reports count what happened on all of them.

- `At` is an indexed dateTime column, so `list(since)` asks SharePoint for `At ge <since>` and keeps
  working once the list is past the 5,000-item threshold. SharePoint keeps times to the second:
  events are stored and returned with their time rounded down to the second, and `since` is
  compared at the same precision.
- Each event carries a random key in the unique `EventKey` column: when the SDK retries a create
  whose answer was lost (503/504), the retry meets the key and no event is counted twice.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from graph.lists import Item, SharePointList, UniqueValueTaken
from tickets.kb.deflection import DeflectionEvent, Outcome

SELECT = ["At", "PersonId", "ArticleId", "Query", "Outcome"]
_TEXT_MAX = 255


def to_second(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def odata_second(value: datetime) -> str:
    return to_second(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_fields(event: DeflectionEvent, key: str) -> dict[str, Any]:
    return {"Title": f"{event.outcome.value} {event.article_id}".strip()[:_TEXT_MAX], "At": odata_second(event.at),
            "PersonId": event.person_id[:_TEXT_MAX], "ArticleId": event.article_id[:_TEXT_MAX], "Query": event.query,
            "Outcome": event.outcome.value, "EventKey": key}


def event_from_item(item: Item) -> DeflectionEvent | None:
    """None for an item that is not a whole event (edited or added by hand)."""
    fields = item.get("fields") or {}
    try:
        at = datetime.fromisoformat(str(fields["At"]).replace("Z", "+00:00")).astimezone(UTC)
        outcome = Outcome(fields["Outcome"])
    except (KeyError, ValueError):
        return None
    return DeflectionEvent(at, str(fields.get("PersonId") or ""), str(fields.get("ArticleId") or ""),
                           str(fields.get("Query") or ""), outcome)


class SharePointDeflectionLog:
    def __init__(self, items: SharePointList) -> None:
        self.items = items

    async def record(self, event: DeflectionEvent) -> None:
        try:
            await self.items.create(event_fields(event, str(uuid.uuid4())))
        except UniqueValueTaken:  # the SDK's retry of a create that had been stored: it is there once
            pass

    async def list(self, since: datetime | None = None) -> list[DeflectionEvent]:
        flt = f"fields/At ge '{odata_second(since)}'" if since is not None else None
        items = sorted(await self.items.query(SELECT, flt), key=lambda i: int(i.get("id") or 0))
        events = [e for e in map(event_from_item, items) if e is not None]
        return sorted(events, key=lambda e: e.at)  # stable: same second, order of recording
