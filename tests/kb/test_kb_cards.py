"""Knowledge-base cards: valid 1.5, the buttons the bot dispatches on, the article readable."""

from __future__ import annotations

import json

from cards.kb import (
    NEED_HELP_VERB,
    PUBLISH_VERB,
    SOLVED_VERB,
    article_blocks,
    kb_article_card,
    kb_draft_card,
    kb_search_results_card,
    kb_suggestions_card,
    snippet,
)
from tests.kb.articles import article, shipped
from tickets.kb.article import ArticleStatus
from tickets.kb.library import Library

LIBRARY = Library(shipped())
QUERY = "my vpn keeps dropping"


def executes(element):
    """Every Action.Execute anywhere in the card, in order."""
    found = []
    if isinstance(element, dict):
        if element.get("type") == "Action.Execute":
            found.append(element)
        for value in element.values():
            found += executes(value)
    elif isinstance(element, list):
        for value in element:
            found += executes(value)
    return found


def test_suggestions_offer_up_to_three_articles_each_with_this_solved_it(assert_valid_card):
    hits = LIBRARY.search("email outlook teams onedrive mailbox", limit=5)
    card = kb_suggestions_card(hits, "email outlook")
    assert_valid_card(card)
    solved = [a for a in executes(card) if a["verb"] == SOLVED_VERB]
    shown = {a["data"]["article"] for a in solved}
    assert len(shown) == min(3, len(hits)) and all(a["data"]["query"] == "email outlook" for a in solved)
    need_help = [a for a in executes(card) if a["verb"] == NEED_HELP_VERB]
    assert len(need_help) == 1 and need_help[0]["title"] == "I still need help"
    assert need_help[0]["data"] == {"query": "email outlook", "articles": ",".join(h.article.id for h in hits[:3])}


def test_suggestions_name_the_article_and_can_show_it_whole(assert_valid_card):
    card = kb_suggestions_card(LIBRARY.search(QUERY), QUERY)
    assert_valid_card(card)
    text = json.dumps(card)
    assert "VPN keeps dropping or won't connect" in text
    assert "Pick the nearest gateway." in text  # the body is one tap away, under "Read it"


def test_search_results_for_kb_and_the_empty_answer(assert_valid_card):
    card = kb_search_results_card(LIBRARY.search("printer offline"), "printer offline")
    assert_valid_card(card)
    assert "Printer is offline" in json.dumps(card)
    empty = kb_search_results_card([], "asdf qwerty")
    assert_valid_card(empty)
    assert "No article matches" in json.dumps(empty)
    assert [a["verb"] for a in executes(empty)] == [NEED_HELP_VERB]


def test_one_article_and_a_draft_to_publish(assert_valid_card):
    vpn = LIBRARY.get("vpn-keeps-dropping")
    assert_valid_card(kb_article_card(vpn))
    assert executes(kb_article_card(vpn)) == []
    assert [a["data"] for a in executes(kb_article_card(vpn, QUERY))] == [{"article": vpn.id, "query": QUERY}]
    draft = article("badge-printer", "Badge printer prints blank cards", "## Solution\n\nReplace the ribbon.",
                    status=ArticleStatus.DRAFT, source_ticket="INC-000042")
    card = kb_draft_card(draft)
    assert_valid_card(card)
    assert "INC-000042" in json.dumps(card)
    assert [(a["verb"], a["data"]) for a in executes(card)] == [(PUBLISH_VERB, {"article": "badge-printer"})]


def test_every_shipped_article_renders_as_a_valid_card(assert_valid_card):
    for item in shipped():
        assert_valid_card(kb_article_card(item, "q"))


def test_markdown_becomes_headings_paragraphs_and_lists():
    blocks = article_blocks("## Try this\n\n1. **Restart** it.\n   It helps.\n2. Call `IT`.\n\nDone.")
    assert blocks[0]["text"] == "Try this" and blocks[0]["weight"] == "bolder"
    assert blocks[1]["text"] == "1. **Restart** it. It helps.\n2. Call IT."
    assert blocks[2]["text"] == "Done."


def test_the_snippet_is_plain_text():
    item = article("a", "A", "## When\n\nYou **work** from [home](https://x) and the `VPN` drops.")
    assert snippet(item) == "You work from home and the VPN drops."
