"""Articles for knowledge-base tests: the shipped kb/ folder, and small ones built in place."""

from __future__ import annotations

from pathlib import Path

from store.kb_files import read_folder
from tickets.kb.article import Article, ArticleStatus

SHIPPED = Path(__file__).resolve().parents[2] / "kb"


def shipped() -> list[Article]:
    return read_folder(SHIPPED)


def article(article_id: str, title: str, body: str = "", keywords: tuple[str, ...] = (), **fields) -> Article:
    return Article(article_id, title, body or f"About {title}.", keywords=keywords,
                   status=fields.pop("status", ArticleStatus.PUBLISHED), **fields)
