"""A deflection: an employee was offered articles at intake or through /kb and said whether one
solved the problem. A solved deflection opens no ticket, so it is recorded here, not in a history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    SOLVED = "solved"  # "This solved it": no ticket
    STILL_NEED_HELP = "still_need_help"  # "I still need help": the intake goes on


@dataclass(frozen=True)
class DeflectionEvent:
    """One answer to a suggestion card. For `still_need_help` the desk records one event per
    article that was shown (see `need_help_events`), so the weekly review can name the articles
    that failed; `article_id` is empty when no article was shown."""

    at: datetime
    person_id: str
    article_id: str
    query: str
    outcome: Outcome


def solved_event(at: datetime, person_id: str, article_id: str, query: str) -> DeflectionEvent:
    return DeflectionEvent(at, person_id, article_id, query, Outcome.SOLVED)


def need_help_events(at: datetime, person_id: str, article_ids: Iterable[str], query: str) -> list[DeflectionEvent]:
    """One `still_need_help` event per article shown (one with no article if none was shown)."""
    shown = [a for a in dict.fromkeys(article_ids) if a] or [""]
    return [DeflectionEvent(at, person_id, a, query, Outcome.STILL_NEED_HELP) for a in shown]
