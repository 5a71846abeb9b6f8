"""All articles in memory, with the BM25 index over the published ones.

Knowledge-base stores (a folder of Markdown files, a SharePoint library) load into a `Library`
and persist each change; the search itself is the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tickets.kb.article import Article, ArticleNotFound, ArticleStatus, SearchHit, slugify
from tickets.kb.index import Bm25Index


class Library:
    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self._articles: dict[str, Article] = {}
        self._index = Bm25Index()
        for article in articles:
            self.put(article)

    def __len__(self) -> int:
        return len(self._articles)

    def put(self, article: Article) -> Article:
        """Add or replace by id; only published articles are searchable."""
        self._articles[article.id] = article
        if article.published:
            self._index.add(article)
        else:
            self._index.remove(article.id)
        return article

    def get(self, article_id: str) -> Article:
        try:
            return self._articles[article_id]
        except KeyError:
            raise ArticleNotFound(article_id) from None

    def search(self, text: str, limit: int = 3, min_score: float | None = None) -> list[SearchHit]:
        return self._index.search(text, limit, min_score) if limit > 0 else []

    def drafts(self) -> list[Article]:
        return sorted((a for a in self._articles.values() if not a.published), key=lambda a: a.id)

    def free_id(self, wanted: str) -> str:
        """`wanted` as a slug, or with `-2`, `-3`... when an article already has it."""
        base = slugify(wanted)
        candidate, n = base, 1
        while candidate in self._articles:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def publishable(self, article_id: str) -> Article:
        """The article marked published (raises ArticleNotFound)."""
        return replace(self.get(article_id), status=ArticleStatus.PUBLISHED)
