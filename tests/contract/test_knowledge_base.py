"""The KnowledgeBase contract: every knowledge-base store in `stores.py` must pass these tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.contract.stores import KNOWLEDGE_BASES, KnowledgeBaseHarness
from tickets.kb.article import Article, ArticleNotFound, ArticleStatus
from tickets.ports import KnowledgeBase

VPN = Article("vpn-keeps-dropping", "VPN keeps dropping", "## Fix\n\nTurn off Wi-Fi power saving and reconnect the VPN.\n",
              category="Network/Connectivity", keywords=("vpn", "disconnect", "tunnel"), source_ticket="INC-000042")
PRINTER = Article("printer-jam", "Printer paper jam", "Open tray 2, pull the jammed sheet out gently.\n",
                  category="Hardware/Printer", keywords=("printer", "jam", "paper"))
OUTLOOK = Article("outlook-wont-start", "Outlook won't start", "Start Outlook in safe mode, then repair the profile.\n",
                  category="Software/Email", keywords=("outlook", "mail", "profile"))


@pytest.fixture(params=sorted(KNOWLEDGE_BASES))
async def harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[KnowledgeBaseHarness]:
    async with KNOWLEDGE_BASES[request.param](tmp_path) as made:
        yield made


@pytest.fixture
async def kb(harness: KnowledgeBaseHarness) -> KnowledgeBase:
    return await harness.open()


async def published(kb: KnowledgeBase, *articles: Article) -> list[Article]:
    return [await kb.publish((await kb.save_draft(a)).id) for a in articles]


async def test_an_empty_knowledge_base_finds_nothing_and_says_what_is_missing(kb: KnowledgeBase) -> None:
    assert await kb.search("vpn keeps dropping") == []
    assert await kb.drafts() == []
    with pytest.raises(ArticleNotFound):
        await kb.get("vpn-keeps-dropping")
    with pytest.raises(ArticleNotFound):
        await kb.publish("vpn-keeps-dropping")


async def test_a_draft_keeps_every_field_and_employees_do_not_find_it(kb: KnowledgeBase) -> None:
    saved = await kb.save_draft(VPN)

    assert saved.id == "vpn-keeps-dropping" and saved.status is ArticleStatus.DRAFT
    assert await kb.get(saved.id) == saved
    assert (saved.title, saved.body, saved.category, saved.keywords, saved.source_ticket) == (
        VPN.title, VPN.body, VPN.category, VPN.keywords, VPN.source_ticket)
    assert await kb.drafts() == [saved]
    assert await kb.search("vpn keeps dropping") == []


async def test_a_published_draft_is_found_and_leaves_the_drafts(kb: KnowledgeBase) -> None:
    draft = await kb.save_draft(VPN)

    done = await kb.publish(draft.id)

    assert done.status is ArticleStatus.PUBLISHED and done.title == VPN.title
    assert await kb.drafts() == []
    assert [h.article.id for h in await kb.search("my vpn tunnel keeps disconnecting")] == [draft.id]
    assert await kb.publish(draft.id) == done  # already published: unchanged
    assert await kb.get(draft.id) == done


async def test_a_draft_never_replaces_an_article_with_the_same_id(kb: KnowledgeBase) -> None:
    first = await kb.save_draft(VPN)
    await kb.publish(first.id)

    second = await kb.save_draft(VPN)
    third = await kb.save_draft(VPN)

    assert (second.id, third.id) == ("vpn-keeps-dropping-2", "vpn-keeps-dropping-3")
    assert (await kb.get(first.id)).published
    assert [d.id for d in await kb.drafts()] == [second.id, third.id]


async def test_an_article_without_an_id_gets_one_from_its_title(kb: KnowledgeBase) -> None:
    saved = await kb.save_draft(Article("", "Teams camera shows a black screen!", "Close other video apps.\n"))
    assert saved.id == "teams-camera-shows-a-black-screen"


async def test_search_ranks_the_best_first_within_the_limit(kb: KnowledgeBase) -> None:
    await published(kb, VPN, PRINTER, OUTLOOK)

    hits = await kb.search("outlook mail will not start", limit=3)
    assert hits[0].article.id == "outlook-wont-start"
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert len(await kb.search("printer jam paper vpn outlook", limit=2)) == 2
    assert await kb.search("the quarterly sales figures") == []


async def test_drafts_and_publications_survive_a_restart(harness: KnowledgeBaseHarness) -> None:
    kb = await harness.open()
    live, = await published(kb, PRINTER)
    draft = await kb.save_draft(OUTLOOK)

    again = await harness.open()

    assert await again.get(live.id) == live
    assert await again.drafts() == [draft]
    assert [h.article.id for h in await again.search("paper jam in the printer")] == [live.id]
    assert await again.search("outlook profile safe mode") == []
