"""From a resolved ticket to a draft article: what the requester saw, never the internal record."""

from __future__ import annotations

from tickets.errors import IllegalTransition
from tickets.kb.article import Article, ArticleStatus, slugify
from tickets.kb.text import STOP_WORDS
from tickets.model import Status, Ticket, Visibility

KEYWORDS_MAX = 8


def _resolution(ticket: Ticket) -> tuple[str, str]:
    """(text, fix category) of the latest public `resolved` event."""
    for event in reversed(ticket.history):
        if event.kind == "resolved" and event.visibility is Visibility.PUBLIC and event.text.strip():
            return event.text.strip(), event.data.get("fix_category", "")
    return "", ""


def _keywords(ticket: Ticket) -> tuple[str, ...]:
    words = [w.strip(".,;:!?()'\"").lower() for w in ticket.summary.split()]
    found = [ticket.subcategory.lower()] if ticket.subcategory and ticket.subcategory != "Other" else []
    found += [w for w in words if len(w) > 2 and w not in STOP_WORDS]
    return tuple(dict.fromkeys(found))[:KEYWORDS_MAX]


def draft_from_ticket(ticket: Ticket) -> Article:
    """A draft built from the summary, category and the public resolution notes only. The
    description, replies and internal notes stay out: they may hold personal details.
    Raises IllegalTransition unless the ticket is resolved or closed with resolution notes."""
    text, fix = _resolution(ticket)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or not text:
        raise IllegalTransition(f"{ticket.reference} has no resolution yet; resolve it before drafting an article.")
    summary = ticket.summary.strip()
    solution = f"{text}\n\n_Type of fix: {fix}._" if fix else text
    body = f"## Problem\n\n{summary}\n\n## Solution\n\n{solution}\n"
    return Article(id=slugify(summary), title=summary, body=body, category=ticket.category,
                   keywords=_keywords(ticket), status=ArticleStatus.DRAFT, source_ticket=ticket.reference)
