"""Requests the fuzz test found breaking a turn (logged as a failed turn, or a 500); each now gets a
4xx at the edge, or a normal answer."""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e import teams
from tests.e2e.conftest import Desk


def _message(desk: Desk, **changes: object) -> dict:
    activity = teams.personal_message(desk.url, teams.ALICE, "help")
    activity.update(changes)
    return activity


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 50_000, b"[" * 70 + b"]" * 70])
async def test_deep_nesting_is_refused(desk: Desk, body: bytes) -> None:
    response = await desk.client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400


@pytest.mark.parametrize("changes", [
    {"text": "\ud800 broken"}, {"from": {"id": "\udfff", "name": "x"}},
    {"serviceUrl": ""}, {"serviceUrl": "not a url"}, {"serviceUrl": "file:///etc/passwd"}, {"serviceUrl": "http://[::1"},
    {"serviceUrl": "http://127.0.0.1:99999/"}, {"conversation": {"conversationType": "personal"}},
    {"channelId": None}, {"recipient": None}, {"from": None}, {"id": {"a": 1}}, {"replyToId": ["x"]},
])
async def test_activities_the_bot_cannot_answer_are_refused(desk: Desk, changes: dict) -> None:
    response = await desk.client.post("/api/messages", data=json.dumps(_message(desk, **changes)),
                                      headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert desk.connector.sent == []


@pytest.mark.parametrize("entities", [
    [{"type": "mention"}], [{"type": "mention", "mentioned": "x"}], [{"text": "no type"}],
    [{"type": "mention", "mentioned": teams.BOT}], [{"type": "mention", "mentioned": teams.BOT, "text": "<at>(</at>"}],
])
@pytest.mark.parametrize("text", ["help", None])
async def test_malformed_mentions_still_get_an_answer(desk: Desk, caplog: pytest.LogCaptureFixture,
                                                      entities: list, text: str | None) -> None:
    caplog.set_level(logging.ERROR)
    status, _ = await desk.post(_message(desk, entities=entities, text=text))
    assert status in (200, 201)
    assert [s for s in desk.connector.sent if s.conversation_id == teams.ALICE.chat_id], "no answer"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
