"""`python -m store.import_kb [folder]`: copy Markdown articles (default: the shipped kb/, or
DESK_KB_DIR) into the "Service Desk Knowledge" list, for DESK_STORE=sharepoint.

Safe to run again: an article whose Slug is already in the list is left as it is (an admin may have
edited it there), so a second run adds nothing. Prints one line per article it adds.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.client import connect
from graph.errors import GraphUnavailable, ListMissing
from graph.lists import SharePointList
from graph.schema import KNOWLEDGE_LIST
from graph.settings import GraphSettings
from store.kb_files import read_folder
from store.sharepoint_kb import article_fields
from tickets.kb.article import Article

Report = Callable[[str], None]


async def import_articles(items: SharePointList, articles: Iterable[Article], report: Report = print) -> list[str]:
    """Create the articles whose id is not a Slug in the list yet; returns the ids added."""
    existing = {str((i.get("fields") or {}).get("Slug") or "") for i in await items.query(["Slug"])}
    added: list[str] = []
    skipped = 0
    for article in articles:
        if article.id in existing:
            skipped += 1
            continue
        await items.create(article_fields(article))
        existing.add(article.id)
        added.append(article.id)
        report(f"Added '{article.title}' ({article.id}, {article.status.value}).")
    report(f"Done: {len(added)} article(s) added, {skipped} already in the list.")
    return added


async def _main(argv: list[str]) -> int:
    from config import ROOT, read_dotenv  # the same .env the bot reads

    env = {**read_dotenv(ROOT / ".env"), **os.environ}
    folder = Path(argv[0] if argv else env.get("DESK_KB_DIR") or ROOT / "kb")
    articles = read_folder(folder)
    if not articles:
        print(f"No articles in {folder} (Markdown files with a front matter, named like vpn-keeps-dropping.md).",
              file=sys.stderr)
        return 2
    try:
        settings = GraphSettings.from_env(env)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    connection = connect(settings)
    try:
        print(f"Importing {len(articles)} article(s) from {folder} into '{KNOWLEDGE_LIST}' ...")
        items = await SharePointList.open(connection.client, settings.site_id, KNOWLEDGE_LIST)
        await import_articles(items, articles)
    except (ListMissing, GraphUnavailable, RuntimeError) as error:
        print(f"Import failed: {error}", file=sys.stderr)
        return 1
    finally:
        await connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(sys.argv[1:])))
