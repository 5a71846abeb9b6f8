"""Self-service before tickets, and the numbers the desk is run by (issue 7), end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema

from app import REVIEWS, SERVICE
from tests.domain.fakes import FakeClock
from tests.domain.support import utc
from tests.e2e import teams
from tests.e2e.card_walk import nodes
from tests.e2e.conftest import Desk, start_desk
from tests.e2e.test_spine import GOOD_FORM, card_text, inputs, open_ticket
from tests.e2e.test_workflow import Story
from tests.fakes.connector import FakeConnector
from tickets.kb.deflection import Outcome

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "shared/schemas/adaptive-card-1.5.json").read_text())


def actions_of(card: dict) -> list[dict]:
    return list(nodes(card, lambda n: n.get("type") == "Action.Execute"))


async def suggestions(desk: Desk, text: str) -> dict:
    sent = await desk.say(teams.ALICE, text)
    card = sent[-1].card
    assert card and any(a["verb"] == "kb.solved" for a in actions_of(card)), sent[-1].body
    return card


async def deflections(desk: Desk) -> list[dict]:
    assert desk.data_dir is not None
    raw = json.loads((desk.data_dir / "deflections.json").read_text())
    return raw["events"] if isinstance(raw, dict) else raw


async def test_an_article_that_solves_it_means_no_ticket(installed_desk: Desk) -> None:
    desk = installed_desk
    card = await suggestions(desk, "my vpn keeps dropping every few minutes")
    solved = next(a for a in actions_of(card) if a["verb"] == "kb.solved")
    assert "vpn" in solved["data"]["article"]
    answer = await desk.click(teams.ALICE, "kb.solved", solved["data"])
    assert "No ticket needed" in card_text(answer["value"])
    assert not [s for s in desk.connector.sent if s.kind == "create"]
    assert await desk.app[SERVICE].my_tickets(_actor(teams.ALICE)) == []
    events = await deflections(desk)
    assert [(e["outcome"], e["article"]) for e in events] == [(Outcome.SOLVED.value, solved["data"]["article"])]


async def test_still_needing_help_goes_on_to_a_ticket_with_the_words_kept(installed_desk: Desk) -> None:
    desk = installed_desk
    card = await suggestions(desk, "outlook will not start after the update")
    need = next(a for a in actions_of(card) if a["verb"] == "kb.need_help")
    form = (await desk.click(teams.ALICE, "kb.need_help", need["data"]))["value"]
    fields = inputs(form)
    assert fields["summary"]["value"] == "outlook will not start after the update"
    intake_id = form["actions"][0]["data"]["intake_id"]
    answer = await desk.click(teams.ALICE, "intake.submit", {
        **GOOD_FORM, "summary": fields["summary"]["value"], "intake_id": intake_id})
    assert "INC-000001" in card_text(answer["value"])
    assert {e["outcome"] for e in await deflections(desk)} == {Outcome.STILL_NEED_HELP.value}


async def test_kb_command_searches_any_time(installed_desk: Desk) -> None:
    found = await installed_desk.say(teams.ALICE, "kb reset my password")
    assert "password" in card_text(found[-1].card).lower()
    in_channel = await installed_desk.in_channel(teams.TESS, "kb printer jam")
    assert "printer" in card_text(in_channel[-1].card).lower()


async def test_report_answers_with_a_valid_card_and_employees_get_none(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    await story.act(teams.TESS, "ticket.claim")
    await story.act(teams.TESS, "ticket.resolve", resolution="Reinstalled the VPN client.")
    sent = await desk.in_channel(teams.TESS, "report 30d")
    card = sent[-1].card
    jsonschema.Draft6Validator(SCHEMA).validate(card)
    assert "Network/Connectivity" in card_text(card)
    refused = await desk.in_channel(teams.BOB, "report")
    assert "Only technicians" in refused[-1].text
    wrong = await desk.in_channel(teams.TESS, "report fortnight")
    assert "7d or 30d" in wrong[-1].text


async def test_export_gives_working_links_to_csv_files(installed_desk: Desk) -> None:
    desk = installed_desk
    await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "summary": "=HYPERLINK(\"http://evil\")"})
    sent = await desk.in_channel(teams.TESS, "export 30d")
    links = [w.strip("()") for w in sent[-1].text.split() if "/exports/" in w]
    assert len(links) == 2
    path = links[0].split("localhost:3978", 1)[1]
    response = await desk.client.get(path.split("](")[-1])
    assert response.status == 200
    rows = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))
    assert any("'=HYPERLINK" in cell for row in rows for cell in row), "formulas must be defused for Excel"
    assert (await desk.client.get("/exports/not-a-token/tickets.csv")).status == 404


async def test_a_resolved_ticket_becomes_a_draft_article_an_admin_publishes(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "summary": "Docking station flickers"}))
    await story.act(teams.TESS, "ticket.claim")
    await story.act(teams.TESS, "ticket.note", note_text="internal: the user's desk is a mess")
    await story.act(teams.TESS, "ticket.resolve", resolution="Updated the dock firmware to 1.0.12.")
    answer = await story.act(teams.TESS, "ticket.draft_article")
    assert "Draft article" in card_text(answer["value"])
    posted = [s for s in desk.connector.in_conversation(await story.thread()) if s.card]
    draft = posted[-1].card
    assert "dock firmware" in card_text(draft) and "desk is a mess" not in card_text(draft)
    publish = next(a for a in actions_of(draft) if a["verb"] == "kb.publish")
    refused = await desk.click(teams.BOB, "kb.publish", publish["data"])
    assert "Only" in json.dumps(refused)
    done = await desk.click(teams.TESS, "kb.publish", publish["data"])
    assert "Published" in card_text(done["value"])
    found = await desk.say(teams.BOB, "kb docking station flickers")
    assert "Docking station flickers" in card_text(found[-1].card)


async def test_the_weekly_review_posts_once_per_queue(tmp_path: Path, connector: FakeConnector) -> None:
    clock = FakeClock(utc(2026, 11, 27, 10, 0))  # a Friday
    desk = await start_desk(tmp_path, connector, clock=clock, watch_sla=False)
    await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    await open_ticket(desk, teams.ALICE)
    reviews = desk.app[REVIEWS]
    assert await reviews.post_due() == []  # Friday: last Monday's review is stale by now
    clock.at = utc(2026, 11, 30, 9, 5)  # Monday 09:05 in London
    assert await reviews.post_due() == ["default"]
    assert await reviews.post_due() == []
    await desk.client.close()
    restarted = await start_desk(tmp_path, connector, clock=clock, watch_sla=False)
    assert await restarted.app[REVIEWS].post_due() == []
    posts = [s for s in connector.sent if s.kind == "create" and "Weekly review" in card_text(s.card)]
    assert len(posts) == 1 and posts[0].conversation_id.startswith(teams.TEAM_ID)
    await restarted.client.close()


def _actor(user: teams.User):  # noqa: ANN202
    from tickets.model import Actor, Person

    return Actor(Person(user.aad_id, user.name))
