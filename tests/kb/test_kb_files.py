"""The Markdown-folder knowledge base: reads kb/, writes drafts atomically, publishes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.kb_files import FileKnowledgeBase, parse_article, read_folder, render_article
from tests.domain.support import TECH, config, opened, utc
from tests.kb.articles import SHIPPED, article
from tickets import lifecycle as lc
from tickets.kb.article import ArticleNotFound, ArticleStatus
from tickets.kb.drafts import draft_from_ticket


def knowledge_base(tmp_path: Path, library: Path = SHIPPED) -> FileKnowledgeBase:
    return FileKnowledgeBase.in_data_dir(library, tmp_path / "data")


def draft():
    t = opened(utc(2026, 11, 16, 9), summary="Badge printer prints blank cards")
    t = lc.claim(t, TECH, utc(2026, 11, 16, 9, 5))
    return draft_from_ticket(lc.resolve(t, "Replaced the ribbon cartridge in the badge printer.", TECH,
                                        utc(2026, 11, 16, 10)))


async def test_the_shipped_articles_load_and_answer(tmp_path):
    hits = await knowledge_base(tmp_path).search("my vpn keeps dropping")
    assert hits[0].article.id == "vpn-keeps-dropping"
    assert hits[0].article.category == "Network/Connectivity" and "vpn" in hits[0].article.keywords


def test_the_shipped_articles_are_published_and_fit_the_taxonomy():
    articles = read_folder(SHIPPED)
    assert 12 <= len(articles) <= 20
    assert len(articles) == len(list(SHIPPED.glob("*.md"))) - 1  # kb/README.md is not an article
    assert all(a.published and a.keywords and len(a.body) > 400 for a in articles)
    assert {a.category for a in articles} <= set(config().taxonomy.names())


async def test_a_draft_is_a_new_file_employees_do_not_see_until_published(tmp_path):
    kb = knowledge_base(tmp_path)
    saved = await kb.save_draft(draft())
    path = tmp_path / "data" / "kb" / "drafts" / f"{saved.id}.md"
    assert path.is_file() and "status: draft" in path.read_text("utf-8")
    assert saved.id not in [h.article.id for h in await kb.search("badge printer blank cards ribbon")]
    assert [d.id for d in await kb.drafts()] == [saved.id]

    published = await kb.publish(saved.id)
    assert published.status is ArticleStatus.PUBLISHED and not path.exists()
    assert (await kb.search("badge printer blank cards ribbon"))[0].article.id == saved.id
    assert await kb.drafts() == []

    again = knowledge_base(tmp_path)  # after a restart, from the files
    assert (await again.get(saved.id)).status is ArticleStatus.PUBLISHED
    assert (await again.get(saved.id)).source_ticket == "INC-000001"


async def test_two_drafts_with_one_title_get_two_ids_and_never_replace_a_shipped_article(tmp_path):
    kb = knowledge_base(tmp_path)
    first, second = await kb.save_draft(draft()), await kb.save_draft(draft())
    assert second.id == f"{first.id}-2"
    clash = await kb.save_draft(article("vpn-keeps-dropping", "VPN keeps dropping"))
    assert clash.id == "vpn-keeps-dropping-2"
    assert (await kb.get("vpn-keeps-dropping")).published


async def test_unknown_articles_are_reported(tmp_path):
    kb = knowledge_base(tmp_path)
    with pytest.raises(ArticleNotFound):
        await kb.get("nope")
    with pytest.raises(ArticleNotFound):
        await kb.publish("nope")


async def test_a_broken_file_is_skipped_not_fatal(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Printer offline\n---\nTurn it on.\n", "utf-8")
    (folder / "broken.md").write_text("no front matter here", "utf-8")
    (folder / "bad-status.md").write_text("---\ntitle: X\nstatus: maybe\n---\nx", "utf-8")
    kb = knowledge_base(tmp_path, folder)
    assert (await kb.get("good")).title == "Printer offline"
    with pytest.raises(ArticleNotFound):
        await kb.get("broken")


def test_front_matter_round_trips_awkward_text():
    original = article("odd", 'Outlook: "won\'t start" # really', "Line one\n\n- item: yes\n",
                       keywords=("a, b", "c: d"), category="Email and Microsoft 365", source_ticket="INC-000042",
                       status=ArticleStatus.DRAFT)
    assert parse_article("odd", render_article(original)) == original


def test_front_matter_errors_name_the_file():
    with pytest.raises(ValueError, match="x.md: the front matter needs a title"):
        parse_article("x", "---\nkeywords: [a]\n---\nbody", "x.md")
