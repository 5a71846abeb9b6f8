"""/api/messages refuses what is not an activity with a 4xx (the stock adapter answers 500)."""

from __future__ import annotations

import pytest

from tests.e2e import teams
from tests.e2e.conftest import Desk


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"", "application/json", 400),
        (b"[]", "application/json", 400),
        (b"[{\"type\": \"message\"}]", "application/json", 400),
        (b"{}", "application/json", 400),
        (b"{\"text\": \"hi\"}", "application/json", 400),
        (b"{\"type\": 42}", "application/json", 400),
        (b"{\"type\": \"message\", \"from\": \"me\"}", "application/json", 400),
        (b"{\"type\": \"message\"}", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"{\"type\": \"message\"}", "text/plain", 415),
        (b"null", "application/json", 400),
    ],
)
async def test_malformed_requests_get_a_4xx(desk: Desk, body: bytes, content_type: str, status: int) -> None:
    response = await desk.client.post("/api/messages", data=body, headers={"Content-Type": content_type})
    assert response.status == status
    assert "error" in await response.json()


async def test_missing_content_type_is_refused(desk: Desk) -> None:
    response = await desk.client.post("/api/messages", data=b"{}", skip_auto_headers=["Content-Type"])
    assert response.status == 415


async def test_a_huge_body_is_refused(desk: Desk) -> None:
    activity = teams.personal_message(desk.url, teams.ALICE, "x" * 400_000)
    status, _ = await desk.post(activity)
    assert status == 413


async def test_junk_authorization_with_auth_off_is_not_a_500(desk: Desk) -> None:
    activity = teams.personal_message(desk.url, teams.ALICE, "help")
    response = await desk.client.post("/api/messages", json=activity, headers={"Authorization": "Bearer junk"})
    assert response.status < 500


async def test_an_unknown_invoke_is_refused_cleanly(desk: Desk) -> None:
    activity = teams.card_action(desk.url, teams.ALICE, "x", {}, teams.personal_conversation(teams.ALICE))
    activity["name"] = "composeExtension/query"
    status, body = await desk.post(activity)
    assert status == 400


@pytest.mark.parametrize("value", [None, "text", [], {"action": "claim"}, {"action": {"type": "Action.Submit"}},
                                   {"action": {"type": "Action.Execute", "verb": 7}},
                                   {"action": {"type": "Action.Execute", "verb": "ticket.claim", "data": "x"}}])
async def test_malformed_card_actions_get_an_answer_not_a_crash(desk: Desk, value: object) -> None:
    activity = teams.card_action(desk.url, teams.ALICE, "x", {}, teams.personal_conversation(teams.ALICE))
    activity["value"] = value
    status, body = await desk.post(activity)
    assert status == 200
    assert body["statusCode"] == 400


async def test_tampered_ticket_reference_on_a_card_changes_nothing(installed_desk: Desk) -> None:
    for bogus in ("INC-999999", "'; drop", "", "REQ-000001", {"ref": 1}):
        body = await installed_desk.click(teams.TESS, "ticket.claim", {"ticket": bogus})
        assert body["statusCode"] == 200
        assert body["type"] == "application/vnd.microsoft.activity.message"


async def test_healthz_answers_when_ready(desk: Desk) -> None:
    response = await desk.client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"
