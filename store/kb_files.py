"""KnowledgeBase over folders of Markdown files with a small front matter.

Published articles ship in the repository's `kb/` folder (read only). Drafts made from tickets are
written to a drafts folder under DESK_DATA_DIR; publishing writes the article to a published
folder beside it and removes the draft. Every write is atomic (temp file, fsync, rename). The
files are read once, on first use; one process owns the folders.

    ---
    title: VPN keeps dropping
    keywords: [vpn, disconnect]
    category: Network/Connectivity
    status: published
    source: INC-000042        # optional: the ticket a draft came from
    ---
    Markdown body
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from dataclasses import replace
from pathlib import Path

import yaml

from store.atomic_file import write_bytes_atomic
from tickets.kb.article import Article, ArticleStatus, SearchHit, is_slug
from tickets.kb.library import Library

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when built in, parses ~10x faster
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


def parse_article(article_id: str, text: str, where: str = "") -> Article:
    """Raises ValueError naming `where` when the front matter is missing or wrong."""
    where = where or article_id
    match = _FRONT.match(text)
    if not match:
        raise ValueError(f"{where}: the file must start with a --- front matter block ---")
    try:
        meta = yaml.load(match.group(1), Loader=_LOADER) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{where}: the front matter is not valid YAML ({error})") from None
    if not isinstance(meta, dict) or not str(meta.get("title") or "").strip():
        raise ValueError(f"{where}: the front matter needs a title")
    keywords = meta.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k for k in keywords.split(",")]
    status = str(meta.get("status") or ArticleStatus.PUBLISHED.value).strip().lower()
    if status not in {s.value for s in ArticleStatus}:
        raise ValueError(f"{where}: status '{status}' is not published or draft")
    return Article(
        id=article_id, title=str(meta["title"]).strip(), body=match.group(2).strip() + "\n",
        category=str(meta.get("category") or "").strip(),
        keywords=tuple(str(k).strip() for k in keywords if str(k).strip()),
        status=ArticleStatus(status), source_ticket=str(meta.get("source") or "").strip(),
    )


def render_article(article: Article) -> str:
    """The file text; values are JSON-quoted, which YAML reads back unchanged."""
    lines = ["---", f"title: {json.dumps(article.title)}", f"keywords: {json.dumps(list(article.keywords))}",
             f"category: {json.dumps(article.category)}", f"status: {article.status.value}"]
    if article.source_ticket:
        lines.append(f"source: {json.dumps(article.source_ticket)}")
    return "\n".join([*lines, "---", article.body.strip(), ""])


def read_folder(folder: Path) -> list[Article]:
    """Articles of `folder/*.md` whose names are slugs (so README.md is not an article). A broken
    file is logged and skipped: one bad article must not take search down."""
    articles = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if not is_slug(path.stem):
            continue
        try:
            articles.append(parse_article(path.stem, path.read_text(encoding="utf-8"), str(path)))
        except (ValueError, UnicodeDecodeError, OSError) as error:
            log.warning("Skipping knowledge-base file: %s", error)
    return articles


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.replace("\r\n", "\n").encode("utf-8"))


class FileKnowledgeBase:
    def __init__(self, library: Path, drafts: Path, published: Path) -> None:
        self._folders = (Path(library), Path(drafts), Path(published))  # later folders win an id
        self._drafts, self._published = Path(drafts), Path(published)
        self._library: Library | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def in_data_dir(cls, library: Path, data_dir: Path) -> FileKnowledgeBase:
        """`library` (the shipped kb/), with drafts and published drafts under `data_dir/kb/`."""
        return cls(library, Path(data_dir) / "kb" / "drafts", Path(data_dir) / "kb" / "published")

    async def search(self, text: str, limit: int = 3) -> list[SearchHit]:
        library = await self._loaded()
        return library.search(text, limit)

    async def get(self, article_id: str) -> Article:
        return (await self._loaded()).get(article_id)

    async def drafts(self) -> list[Article]:
        return (await self._loaded()).drafts()

    async def save_draft(self, article: Article) -> Article:
        async with self._lock:
            library = await self._load()
            draft = replace(article, id=library.free_id(article.id or article.title), status=ArticleStatus.DRAFT)
            await asyncio.to_thread(write_text_atomic, self._drafts / f"{draft.id}.md", render_article(draft))
            return library.put(draft)

    async def publish(self, article_id: str) -> Article:
        async with self._lock:
            library = await self._load()
            article = library.get(article_id)
            if article.published:
                return article
            published = library.publishable(article_id)
            await asyncio.to_thread(self._write_published, published)
            return library.put(published)

    def _write_published(self, article: Article) -> None:
        write_text_atomic(self._published / f"{article.id}.md", render_article(article))
        with contextlib.suppress(FileNotFoundError):
            (self._drafts / f"{article.id}.md").unlink()

    async def _loaded(self) -> Library:
        async with self._lock:
            return await self._load()

    async def _load(self) -> Library:
        if self._library is None:
            articles = await asyncio.to_thread(lambda: [a for f in self._folders for a in read_folder(f)])
            self._library = Library(articles)
            log.info("Knowledge base: %d articles loaded", len(self._library))
        return self._library
