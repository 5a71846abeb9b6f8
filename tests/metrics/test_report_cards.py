"""The report and weekly-review cards: valid 1.5, the numbers shown, bars proportional."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cards.kb import kb_article_card, kb_draft_card, kb_search_results_card, kb_suggestions_card
from cards.report import bar_rows, duration, report_card, weekly_review_card
from tests.domain.support import config, utc
from tests.kb.articles import article, shipped
from tests.metrics.desk_week import END, START, desk_deflections, desk_tickets
from tickets.kb.article import ArticleStatus
from tickets.kb.library import Library
from tickets.metrics import build_report
from tickets.review import weekly_review

CONFIG = config()
REPORT = build_report(desk_tickets(), desk_deflections(), CONFIG, START, END)
REVIEW = weekly_review(desk_tickets(), desk_deflections(), CONFIG, END, utc(2026, 11, 23, 9))
LIBRARY = Library(shipped())


def all_text(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


def test_the_report_card_is_valid_and_shows_the_numbers(assert_valid_card):
    card = report_card(REPORT)
    assert_valid_card(card)
    text = all_text(card)
    for shown in ("86%", "71%", "17%", "median 10 min · 90% within 1 h 30 min (7)",
                  "mean 4 h · median 4 h (5)", "40% (2 of 5)", "20% (1 of 5)", "Tess Tech", "Over 7 days"):
        assert shown in text, shown


def test_an_empty_report_and_a_queue_report_are_valid(assert_valid_card):
    assert_valid_card(report_card(build_report([], [], CONFIG, START, END)))
    card = report_card(build_report(desk_tickets(), [], CONFIG, START, END, "access"))
    assert_valid_card(card)
    assert "queue access" in all_text(card)


def test_bars_are_proportional_to_the_largest_value():
    rows = bar_rows([("Hardware", 4), ("Security", 1), ("None", 0)])
    bars = [[(c["width"], c.get("style")) for c in row["columns"][1]["items"][0]["columns"]] for row in rows]
    assert bars == [[(4, "accent")], [(1, "accent"), (3, None)], [(4, None)]]


def test_the_weekly_review_card_is_valid(assert_valid_card):
    card = weekly_review_card(REVIEW, {"vpn-keeps-dropping": "VPN keeps dropping or won't connect"})
    assert_valid_card(card)
    text = all_text(card)
    assert "Stalled: no activity for 3 business days" in text
    assert "VPN keeps dropping or won't connect: 1 still needed help" in text
    assert "wifi-connection-problems: 1 still needed help" in text
    quiet = weekly_review([], [], CONFIG, END, utc(2026, 11, 23, 9), queue="access")
    assert_valid_card(weekly_review_card(quiet))


def test_durations_read_in_hours_and_minutes():
    from datetime import timedelta
    assert [duration(timedelta(minutes=m)) for m in (5, 60, 90, 41 * 60)] == ["5 min", "1 h", "1 h 30 min", "41 h"]
    assert duration(None) == "—"


JS = Path(__file__).resolve().parents[1] / "cards" / "js"


@pytest.mark.skipif(shutil.which("node") is None or not (JS / "node_modules" / "adaptivecards").is_dir(),
                    reason="run `npm ci --prefix tests/cards/js` to check cards with the JS renderer")
def test_the_js_renderer_finds_no_problem_in_these_cards():
    from tests.cards.test_js_renderer import render
    draft = article("d", "Draft", "## Fix\n\n1. Do it.", status=ArticleStatus.DRAFT, source_ticket="INC-000001")
    hits = LIBRARY.search("vpn keeps dropping")
    cards = {
        "report": report_card(REPORT), "review": weekly_review_card(REVIEW),
        "suggestions": kb_suggestions_card(hits, "vpn"), "results": kb_search_results_card(hits, "vpn"),
        "results-empty": kb_search_results_card([], "x"), "article": kb_article_card(hits[0].article, "vpn"),
        "draft": kb_draft_card(draft),
    }
    results = render(cards)
    assert {name: r["problems"] for name, r in results.items() if r["problems"]} == {}
