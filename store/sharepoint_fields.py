"""Ticket <-> SharePoint list item fields.

The whole ticket (history included) is the JSON in `TicketJson`; the other columns copy what people
and queries need (status, requester, due dates, ...) so Lists, Excel and Power BI can use them and the
store can filter on one indexed column. The number is the item id; the version is `Version`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from graph.lists import Item
from graph.schema import DONE, OPEN
from store.codec import ticket_from_dict, ticket_to_dict
from tickets.model import Ticket

SELECT = ["TicketJson", "Version"]


def ticket_fields(ticket: Ticket, version: int) -> dict[str, Any]:
    """Every column the store writes, for a ticket about to be stored as `version`."""
    doc = ticket_to_dict(replace(ticket, version=version))
    return {
        "Title": ticket.summary[:255],
        "TicketType": ticket.type.value,
        "Status": ticket.status.value,
        "OpenState": OPEN if ticket.status.is_open else DONE,
        "Priority": ticket.priority.value,
        "Queue": ticket.queue[:255],
        "RequesterId": ticket.requester.id,
        "RequesterName": ticket.requester.name[:255],
        "RequesterEmail": ticket.requester.email[:255],
        "AssigneeId": ticket.assignee.id if ticket.assignee else "",
        "AssigneeName": ticket.assignee.name[:255] if ticket.assignee else "",
        "Category": ticket.category[:255],
        "Subcategory": ticket.subcategory[:255],
        "Tier": ticket.tier,
        "OpenedAt": _when(ticket.created_at),
        "UpdatedAt": _when(ticket.updated_at),
        "ResponseDue": _when(ticket.response_due),
        "ResolutionDue": _when(ticket.resolution_due),
        "ResolvedAt": _when(ticket.resolved_at),
        "ClosedAt": _when(ticket.closed_at),
        "SlaNextAt": _when(ticket.sla_next_at),
        "Version": version,
        "TicketJson": json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
    }


def ticket_from_item(item: Item) -> Ticket:
    fields = item.get("fields") or {}
    ticket = ticket_from_dict(json.loads(fields["TicketJson"]))
    return replace(ticket, number=int(item["id"]), version=int(fields["Version"]))


def item_etag(item: Item) -> str:
    return str(item.get("eTag") or (item.get("fields") or {}).get("@odata.etag") or "")


def odata_time(value: datetime) -> str:
    """A dateTime literal for `$filter`, in the same UTC form the columns are written in."""
    return f"'{_when(value)}'"


def _when(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None
