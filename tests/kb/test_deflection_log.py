"""Deflections are recorded without a ticket, survive a restart, and list from a moment on."""

from __future__ import annotations

from store.deflection_log import JsonFileDeflectionLog
from tests.domain.support import utc
from tickets.kb.deflection import DeflectionEvent, Outcome, need_help_events, solved_event


async def test_events_are_kept_and_listed_oldest_first(tmp_path):
    path = tmp_path / "deflections.json"
    log = JsonFileDeflectionLog(path)
    await log.record(solved_event(utc(2026, 11, 17, 10), "user-2", "password-reset", "forgot password"))
    for event in need_help_events(utc(2026, 11, 16, 9), "user-3", ["vpn-keeps-dropping", "wifi-connection-problems"],
                                  "vpn slow"):
        await log.record(event)

    again = JsonFileDeflectionLog(path)
    events = await again.list()
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert [(e.article_id, e.outcome) for e in events] == [
        ("vpn-keeps-dropping", Outcome.STILL_NEED_HELP), ("wifi-connection-problems", Outcome.STILL_NEED_HELP),
        ("password-reset", Outcome.SOLVED)]
    assert await again.list(since=utc(2026, 11, 17)) == [
        DeflectionEvent(utc(2026, 11, 17, 10), "user-2", "password-reset", "forgot password", Outcome.SOLVED)]


async def test_an_empty_log_lists_nothing(tmp_path):
    assert await JsonFileDeflectionLog(tmp_path / "none.json").list() == []


def test_need_help_without_articles_is_still_one_event():
    events = need_help_events(utc(2026, 11, 16), "user-1", [], "printer")
    assert [(e.article_id, e.outcome) for e in events] == [("", Outcome.STILL_NEED_HELP)]
