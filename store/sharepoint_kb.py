"""KnowledgeBase on the "Service Desk Knowledge" SharePoint list, searched with the same BM25 library
as the Markdown store.

- One item per article: Title, Slug (the article id; unique, indexed), Keywords (comma-separated),
  Category, Body (Markdown), Status (Published/Draft, indexed), SourceTicket. Admins may write and
  edit articles in SharePoint itself: an item with no Slug gets one made from its title, and an
  item with no Status is a draft.
- Every instance loads the whole list (paged) into a `Library` on first use and reloads it when it
  is older than `refresh_seconds` (in the background: searches meanwhile use the copy they have), so
  an admin's edits reach every instance without a restart. This instance's own drafts and
  publications are in its copy at once; `get`, `drafts` and `publish` ask SharePoint, so what
  another instance just drafted is never missed.
- Ids stay unique across instances because Slug enforces unique values: a draft whose id another
  instance took meanwhile gets the next free one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from graph.lists import Item, SharePointList, UniqueValueTaken, odata_string
from graph.schema import DRAFT, PUBLISHED
from tickets.kb.article import Article, ArticleNotFound, ArticleStatus, SearchHit, slugify
from tickets.kb.library import Library

log = logging.getLogger(__name__)
SELECT = ["Title", "Slug", "Keywords", "Category", "Body", "Status", "SourceTicket"]
REFRESH_SECONDS = 300.0
RETRY_SECONDS = 30.0  # after a failed reload, the next try
_TEXT_MAX = 255
_ID_ATTEMPTS = 20


def article_fields(article: Article) -> dict[str, Any]:
    keywords = ""
    for word in article.keywords:  # whole keywords only, within the column's 255 characters
        candidate = f"{keywords}, {word}" if keywords else word
        if len(candidate) > _TEXT_MAX:
            break
        keywords = candidate
    return {"Title": article.title[:_TEXT_MAX], "Slug": article.id, "Keywords": keywords,
            "Category": article.category[:_TEXT_MAX], "Body": article.body,
            "Status": PUBLISHED if article.published else DRAFT, "SourceTicket": article.source_ticket[:_TEXT_MAX]}


def article_from_item(item: Item) -> Article | None:
    """None for an item with no title (half-written by hand): it is not an article yet."""
    fields = item.get("fields") or {}
    title = str(fields.get("Title") or "").strip()
    if not title:
        return None
    slug = str(fields.get("Slug") or "").strip()
    keywords = str(fields.get("Keywords") or "").replace(";", ",").split(",")
    body = str(fields.get("Body") or "").replace("\r\n", "\n").strip()
    return Article(
        id=slugify(slug) if slug else slugify(title), title=title, body=body + "\n" if body else "",
        category=str(fields.get("Category") or "").strip(),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
        status=ArticleStatus.PUBLISHED if fields.get("Status") == PUBLISHED else ArticleStatus.DRAFT,
        source_ticket=str(fields.get("SourceTicket") or "").strip(),
    )


def articles_from_items(items: list[Item]) -> list[Article]:
    """Articles by id. Two items with one id (a hand-written item with no Slug whose title matches
    another's): the one with a Slug wins, then the older; the other is reachable as `<id>-<item id>`."""
    found: dict[str, Article] = {}
    extra: list[Article] = []
    ordered = sorted(items, key=lambda i: (not (i.get("fields") or {}).get("Slug"), int(i.get("id") or 0)))
    for item in ordered:
        article = article_from_item(item)
        if article is None:
            continue
        if article.id in found:
            extra.append(replace(article, id=f"{article.id}-{item.get('id')}"))
        else:
            found[article.id] = article
    return [*found.values(), *(a for a in extra if a.id not in found)]


class SharePointKnowledgeBase:
    def __init__(self, items: SharePointList, refresh_seconds: float = REFRESH_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.items = items
        self.refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self._library: Library | None = None
        self._next_refresh = 0.0
        self._lock = asyncio.Lock()  # one load at a time; writers change the library under it
        self.pending_refresh: asyncio.Task[None] | None = None  # a background reload, if one runs

    # --- KnowledgeBase -------------------------------------------------------------------------

    async def search(self, text: str, limit: int = 3) -> list[SearchHit]:
        return (await self._current()).search(text, limit)

    async def get(self, article_id: str) -> Article:
        library = await self._current()
        try:
            return library.get(article_id)
        except ArticleNotFound:
            pass
        item = await self._item(article_id)  # drafted by another instance, or added by hand, since the load
        article = article_from_item(item) if item is not None else None
        if article is None or article.id != article_id:
            raise ArticleNotFound(article_id)
        return await self._put(article)

    async def drafts(self) -> list[Article]:
        await self._current()
        items = await self.items.query(SELECT, f"fields/Status eq {odata_string(DRAFT)}")
        found = [a for a in articles_from_items(items) if not a.published]
        for article in found:
            await self._put(article)
        return sorted(found, key=lambda a: a.id)

    async def save_draft(self, article: Article) -> Article:
        library = await self._current()
        wanted = article.id or article.title
        for _ in range(_ID_ATTEMPTS):
            draft = replace(article, id=library.free_id(wanted), status=ArticleStatus.DRAFT)
            try:
                await self.items.create(article_fields(draft))
            except UniqueValueTaken:  # another instance has that id: learn the list again, take the next
                await self.refresh()
                library = await self._current()
                continue
            return await self._put(draft)
        raise RuntimeError(f"no free article id for '{wanted}' after {_ID_ATTEMPTS} tries")

    async def publish(self, article_id: str) -> Article:
        await self._current()
        item = await self._item(article_id)
        article = article_from_item(item) if item is not None else None
        if item is None or article is None:
            raise ArticleNotFound(article_id)
        if not article.published:
            await self.items.update(item["id"], {"Status": PUBLISHED}, "*")
            article = replace(article, status=ArticleStatus.PUBLISHED)
        return await self._put(article)

    async def close(self) -> None:
        """Stop a background reload still running (at shutdown)."""
        if self.pending_refresh is not None and not self.pending_refresh.done():
            self.pending_refresh.cancel()
            await asyncio.gather(self.pending_refresh, return_exceptions=True)

    # --- loading -------------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Load the whole list again now (raises what Graph raises; the old copy stays)."""
        async with self._lock:
            await self._load()

    async def _current(self) -> Library:
        """The library, loaded on first use; when it is due, a reload starts in the background."""
        if self._library is None:
            async with self._lock:
                if self._library is None:
                    await self._load()
        elif self._monotonic() >= self._next_refresh and (self.pending_refresh is None or self.pending_refresh.done()):
            self._next_refresh = self._monotonic() + RETRY_SECONDS  # no second start while this one runs
            self.pending_refresh = asyncio.get_running_loop().create_task(self._background_refresh(),
                                                                          name="kb-refresh")
        assert self._library is not None
        return self._library

    async def _background_refresh(self) -> None:
        try:
            await self.refresh()
        except Exception as error:  # keep answering from the copy we have
            log.warning("Knowledge base: reload from SharePoint failed, keeping %d articles (%s)",
                        len(self._library or ()), error)

    async def _load(self) -> None:
        items = await self.items.query(SELECT)
        self._library = Library(articles_from_items(items))
        self._next_refresh = self._monotonic() + self.refresh_seconds
        log.info("Knowledge base: %d articles loaded from SharePoint", len(self._library))

    async def _put(self, article: Article) -> Article:
        """Into the library as it is now (a reload may have replaced the one the caller started with)."""
        async with self._lock:
            assert self._library is not None
            return self._library.put(article)

    async def _item(self, article_id: str) -> Item | None:
        found = await self.items.query(SELECT, f"fields/Slug eq {odata_string(article_id)}", top=1, max_items=1)
        return found[0] if found else None
