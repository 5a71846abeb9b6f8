"""Small builders for Adaptive Card parts, so card modules read as layout, not JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cards import text

SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"

Element = dict[str, Any]


def card(body: list[Element], actions: list[Element] | None = None, refresh: Element | None = None) -> Element:
    result: Element = {"type": "AdaptiveCard", "$schema": SCHEMA_URL, "version": VERSION, "body": body}
    if actions:
        result["actions"] = actions
    if refresh is not None:
        result["refresh"] = refresh
    return result


def text_block(value: str, **style: Any) -> Element:
    """A wrapping TextBlock; `style` adds size, weight, color, isSubtle, spacing, ..."""
    return {"type": "TextBlock", "text": value, "wrap": True, **style}


def plain(value: str, *, spacing: str = "default", **run: Any) -> Element:
    """Text someone typed, shown as typed: a TextRun is not read as markdown, so a summary like
    `[click here](https://...)` stays text instead of becoming a link in the technicians' channel.
    `run` adds TextRun style: size, weight, color, isSubtle."""
    return {"type": "RichTextBlock", "spacing": spacing, "inlines": [{"type": "TextRun", "text": value, **run}]}


def labelled(label: str, value: str) -> Element:
    """`Label: value` where the value is someone's own text (see `plain`)."""
    return {"type": "RichTextBlock", "spacing": "small", "inlines": [
        {"type": "TextRun", "text": f"{label}: ", "weight": "bolder"},
        {"type": "TextRun", "text": value},
    ]}


def heading(value: str) -> Element:
    return text_block(value, size="large", weight="bolder", style="heading")


def facts(pairs: list[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in pairs]}


def execute(title: str, verb: str, data: dict[str, str], **extra: Any) -> Element:
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": data, **extra}


def iso_utc(moment: datetime) -> str:
    """ISO-8601 in UTC with a `Z`, whole seconds: the form card date functions accept.
    Naive datetimes are taken to be UTC already."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(moment: datetime | None) -> str:
    """Date and time in the reader's own locale and time zone, rendered by the client."""
    if moment is None:
        return text.NOT_SET
    stamp = iso_utc(moment)
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def shorten(value: str, limit: int) -> str:
    """Cut at a word boundary near `limit` and mark the cut; short text is returned as is."""
    value = value.strip()
    if len(value) <= limit:
        return value
    cut = value[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + text.MORE_TEXT
