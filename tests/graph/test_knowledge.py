"""The knowledge base and the deflection log on SharePoint lists, as admins and several instances see them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph.lists import SharePointList
from graph.schema import DEFLECTIONS_LIST, KNOWLEDGE_LIST
from store.import_kb import import_articles
from store.sharepoint_deflections import SharePointDeflectionLog, event_fields
from store.sharepoint_kb import REFRESH_SECONDS, SharePointKnowledgeBase
from tests.domain.support import utc
from tests.graph.conftest import ManualClock
from tests.graph.fake_graph import FakeGraph
from tests.graph.fake_lists import FakeList
from tests.graph.harness import SITE, SharePointHarness
from tests.kb.articles import article, shipped
from tickets.kb.article import ArticleNotFound, ArticleStatus
from tickets.kb.deflection import solved_event

T0 = utc(2026, 11, 16, 9)


async def open_kb(harness: SharePointHarness, clock: ManualClock | None = None) -> SharePointKnowledgeBase:
    items = await SharePointList.open(harness.connect().client, SITE, KNOWLEDGE_LIST)
    return SharePointKnowledgeBase(items, monotonic=clock or ManualClock())


def knowledge_list(fake: FakeGraph) -> FakeList:
    return fake.list_named(SITE, KNOWLEDGE_LIST)


def ids(hits: list) -> list[str]:
    return [h.article.id for h in hits]


async def reloaded(kb: SharePointKnowledgeBase, clock: ManualClock) -> None:
    """Time passes; the next search starts a reload in the background, which we wait for."""
    clock.advance(REFRESH_SECONDS + 1)
    await kb.search("anything")
    assert kb.pending_refresh is not None
    await kb.pending_refresh


async def test_an_article_an_admin_edits_in_the_list_is_found_after_the_refresh(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    kb = await open_kb(harness, clock)
    live = await kb.publish((await kb.save_draft(article("badge-printer", "Badge printer", "Replace the ribbon."))).id)
    assert ids(await kb.search("badge printer ribbon")) == [live.id]
    item = next(iter(knowledge_list(fake).items.values()))

    knowledge_list(fake).update_fields(item.id, {"Title": "Badge printer prints blank cards",
                                                 "Body": "Clean the print head with an alcohol swab.",
                                                 "Keywords": "badge, print head, blank"}, None)
    assert ids(await kb.search("alcohol swab print head")) == []  # not before the refresh
    await reloaded(kb, clock)

    hits = await kb.search("alcohol swab print head")
    assert ids(hits) == [live.id]
    assert hits[0].article.title == "Badge printer prints blank cards"
    assert hits[0].article.keywords == ("badge", "print head", "blank")
    await kb.close()


async def test_articles_written_by_hand_in_sharepoint_are_drafts_until_an_admin_publishes_them(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    kb = await open_kb(harness, clock)
    await kb.search("load it now")
    # As an admin types them in Lists: no Slug; one left without a status (the column's default is Draft).
    knowledge_list(fake).create_item({"Title": "Teams camera shows a black screen", "Keywords": "teams; camera; video",
                                      "Body": "Close other apps that use the camera.", "Status": "Published"})
    pending = knowledge_list(fake).create_item({"Title": "Shared mailbox missing", "Body": "Wait an hour, restart."})
    knowledge_list(fake).create_item({"Body": "A half-written item without a title"})
    assert knowledge_list(fake).columns["Status"]["defaultValue"] == {"value": "Draft"}

    await reloaded(kb, clock)

    assert ids(await kb.search("teams camera black")) == ["teams-camera-shows-a-black-screen"]
    assert (await kb.get("teams-camera-shows-a-black-screen")).keywords == ("teams", "camera", "video")
    assert ids(await kb.search("shared mailbox missing")) == []
    assert [d.id for d in await kb.drafts()] == []  # no Status at all: a draft, but not one waiting in Draft
    knowledge_list(fake).update_fields(pending.id, {"Status": "Published"}, None)
    await reloaded(kb, clock)
    assert ids(await kb.search("shared mailbox missing")) == ["shared-mailbox-missing"]
    await kb.close()


async def test_an_article_set_back_to_draft_disappears_from_search(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    kb = await open_kb(harness, clock)
    await kb.publish((await kb.save_draft(article("vpn", "VPN keeps dropping", keywords=("vpn",)))).id)
    item = next(iter(knowledge_list(fake).items.values()))
    knowledge_list(fake).update_fields(item.id, {"Status": "Draft"}, None)

    await reloaded(kb, clock)

    assert await kb.search("vpn keeps dropping") == []
    assert [d.id for d in await kb.drafts()] == ["vpn"]
    await kb.close()


async def test_two_instances_share_drafts_ids_and_publications(harness: SharePointHarness) -> None:
    one, two = await open_kb(harness), await open_kb(harness)
    assert await two.search("dock") == []  # loaded before the draft exists

    draft = await one.save_draft(article("dock-flickers", "Docking station flickers", "Update the dock firmware."))
    assert (await two.get(draft.id)).status is ArticleStatus.DRAFT
    assert [d.id for d in await two.drafts()] == [draft.id]
    clash = await two.save_draft(article("dock-flickers", "Docking station flickers", "Another write-up."))
    assert clash.id == "dock-flickers-2"  # the unique Slug column told it the id was taken

    await two.publish(draft.id)
    assert (await one.publish(draft.id)).published  # already published by the other: unchanged
    assert ids(await two.search("docking station firmware")) == [draft.id]
    assert len(knowledge_list(harness.fake).items) == 2
    for kb in (one, two):
        await kb.close()


async def test_search_keeps_answering_while_sharepoint_is_down(
        harness: SharePointHarness, fake: FakeGraph, clock: ManualClock) -> None:
    kb = await open_kb(harness, clock)
    await kb.publish((await kb.save_draft(article("vpn", "VPN keeps dropping", keywords=("vpn",)))).id)
    fake.inject(429, retry_after=300, path_contains="/items")  # longer than the SDK waits by itself

    await reloaded(kb, clock)

    assert not fake.faults, "the reload met the 429"
    assert ids(await kb.search("vpn keeps dropping")) == ["vpn"]
    with pytest.raises(ArticleNotFound):
        await kb.get("no-such-article")
    await kb.close()


async def test_the_shipped_articles_import_once(harness: SharePointHarness, fake: FakeGraph) -> None:
    items = await SharePointList.open(harness.connect().client, SITE, KNOWLEDGE_LIST)
    lines: list[str] = []

    added = await import_articles(items, shipped(), lines.append)
    again = await import_articles(items, shipped(), lines.append)

    assert len(added) == len(shipped()) and again == []
    assert lines[-1] == f"Done: 0 article(s) added, {len(shipped())} already in the list."
    kb = await open_kb(harness)
    assert ids(await kb.search("my vpn keeps dropping"))[0] == "vpn-keeps-dropping"
    assert await kb.get("vpn-keeps-dropping") == next(a for a in shipped() if a.id == "vpn-keeps-dropping")
    await kb.close()


async def test_deflections_are_read_through_the_indexed_at_column_on_a_big_list(
        harness: SharePointHarness, fake: FakeGraph) -> None:
    fake.threshold = 50
    rows = [event_fields(solved_event(T0 + timedelta(hours=i), f"user-{i}", "vpn", "vpn"), f"seed-{i}")
            for i in range(80)]
    fake.seed(SITE, DEFLECTIONS_LIST, rows)
    log = SharePointDeflectionLog(await SharePointList.open(harness.connect().client, SITE, DEFLECTIONS_LIST))
    fake.log.clear()

    recent = await log.list(T0 + timedelta(hours=70))

    assert [e.person_id for e in recent] == [f"user-{i}" for i in range(70, 80)]
    reads = [r for r in fake.log if r.path.endswith("/items")]
    assert len(reads) == 1 and reads[0].items == 10 and "fields/At ge" in reads[0].query["$filter"]


async def test_a_retried_create_records_the_deflection_once(harness: SharePointHarness, fake: FakeGraph) -> None:
    log = SharePointDeflectionLog(await SharePointList.open(harness.connect().client, SITE, DEFLECTIONS_LIST))
    fake.inject(503, retry_after=0, method="POST", path_contains="/items", after_commit=True)  # stored, answer lost

    await log.record(solved_event(T0, "user-1", "vpn", "vpn drops"))

    assert fake.count("POST", "/items") == 2, "the SDK sent the create again"
    assert [e.person_id for e in await log.list()] == ["user-1"]


async def test_provisioning_an_older_site_adds_the_knowledge_lists_once(fake: FakeGraph) -> None:
    from graph.client import connect
    from graph.provision import provision
    from tests.graph.harness import fake_settings

    site = fake.sites[SITE]
    for list_id in [i for i, li in site.items() if li.display_name in (KNOWLEDGE_LIST, DEFLECTIONS_LIST)]:
        del site[list_id]  # a site provisioned before the knowledge base moved to SharePoint
    connection = connect(fake_settings(fake))
    try:
        changes = await provision(connection.client, fake_settings(fake), report=lambda _: None)
        fake.log.clear()
        again = await provision(connection.client, fake_settings(fake), report=lambda _: None)
    finally:
        await connection.close()

    assert changes == ["List 'Service Desk Knowledge': created with 6 columns (2 indexed).",
                       "List 'Service Desk Deflections': created with 6 columns (2 indexed)."]
    assert again == [] and {r.method for r in fake.log} == {"GET"}
    articles, events = knowledge_list(fake), fake.list_named(SITE, DEFLECTIONS_LIST)
    assert articles.columns["Slug"]["indexed"] and articles.columns["Slug"]["enforceUniqueValues"]
    assert articles.columns["Status"]["indexed"] and articles.columns["Status"]["choice"]["choices"] == [
        "Published", "Draft"]
    assert articles.columns["Body"]["text"]["allowMultipleLines"]
    assert events.columns["At"]["indexed"] and "dateTime" in events.columns["At"]
