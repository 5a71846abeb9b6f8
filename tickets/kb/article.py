"""A knowledge-base article and a search hit: plain values."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from tickets.errors import DeskError


class ArticleStatus(StrEnum):
    PUBLISHED = "published"  # employees find it in search and at intake
    DRAFT = "draft"  # waits for an admin; never offered to employees


@dataclass(frozen=True)
class Article:
    """`id` is a slug (`vpn-keeps-dropping`), unique in the knowledge base; `body` is Markdown."""

    id: str
    title: str
    body: str
    category: str = ""  # a taxonomy category name, or empty
    keywords: tuple[str, ...] = ()
    status: ArticleStatus = ArticleStatus.PUBLISHED
    source_ticket: str = ""  # the ticket reference a draft was made from, e.g. INC-000042

    @property
    def published(self) -> bool:
        return self.status is ArticleStatus.PUBLISHED


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float  # BM25 score; only comparable within one search


class ArticleNotFound(DeskError):
    def __init__(self, article_id: str) -> None:
        super().__init__(f"I can't find the article {article_id}.")
        self.article_id = article_id


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 60


def slugify(title: str) -> str:
    """`Outlook won't start!` -> `outlook-won-t-start`; never empty (`article`)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:SLUG_MAX].rstrip("-")
    return slug or "article"


def is_slug(value: str) -> bool:
    return bool(value) and slugify(value) == value
