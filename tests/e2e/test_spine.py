"""The spine, as people live it: install, intake, channel card, claim, status."""

from __future__ import annotations

import asyncio
import json

from app import SERVICE
from store.state_store import JsonFileStateStore
from tests.e2e import teams
from tests.e2e.card_walk import nodes
from tests.e2e.conftest import Desk
from tests.fakes.connector import Sent

GOOD_FORM = {
    "type": "incident", "category": "Network/Connectivity", "subcategory": "Network/Connectivity::VPN",
    "summary": "My VPN keeps dropping", "description": "Every ten minutes since this morning.",
    "impact": "medium", "urgency": "high", "device": "ThinkPad T14", "operating_system": "Windows 11",
    "error_text": "",
}


def inputs(card: dict) -> dict[str, dict]:
    """Every input of a card by id, wherever it sits in the body."""
    return {n["id"]: n for n in nodes(card, lambda n: str(n.get("type", "")).startswith("Input.") and "id" in n)}


def card_text(card: dict | None) -> str:
    return json.dumps(card or {}, ensure_ascii=False)


def form_of(sent: list[Sent]) -> dict:
    cards = [s.card for s in sent if s.card and "summary" in inputs(s.card)]
    assert cards, f"no intake form among {[s.body for s in sent]}"
    return cards[-1]


async def open_ticket(desk: Desk, user: teams.User, form: dict | None = None) -> str:
    """Starts an intake and submits a valid form; returns the reference from the confirmation."""
    shown = form_of(await desk.say(user, "new"))
    intake_id = shown["actions"][0]["data"]["intake_id"]
    answer = await desk.click(user, "intake.submit", {"intake_id": intake_id, **(form or GOOD_FORM)})
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    text = card_text(answer["value"])
    reference = next(w for w in text.replace('"', " ").split() if w.startswith(("INC-", "REQ-", "CHG-")))
    return reference.rstrip(".,·")


def channel_cards(desk: Desk) -> list[Sent]:
    return [s for s in desk.connector.sent if s.kind in ("create", "update") and s.card]


async def test_install_binds_the_team_and_welcomes_it(desk: Desk) -> None:
    status, _ = await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    assert status in (200, 201)
    welcome = desk.connector.sent[-1]
    assert "technicians' team" in welcome.text
    assert welcome.conversation_id == teams.TEAM_ID


async def test_a_sentence_starts_an_intake_prefilled_with_it(installed_desk: Desk) -> None:
    sent = await installed_desk.say(teams.ALICE, "new my VPN keeps dropping")
    form = inputs(form_of(sent))
    assert form["summary"]["value"] == "my VPN keeps dropping"
    assert form["category"]["value"] == "Network/Connectivity"
    assert form["summary"]["isRequired"] is True


async def test_bad_form_comes_back_with_what_was_typed_and_what_is_wrong(installed_desk: Desk) -> None:
    desk = installed_desk
    shown = form_of(await desk.say(teams.ALICE, "new printer is jammed"))
    intake_id = shown["actions"][0]["data"]["intake_id"]
    bad = {**GOOD_FORM, "summary": "x" * 130, "description": "  ", "intake_id": intake_id,
           "device": "HP LaserJet 400"}
    answer = await desk.click(teams.ALICE, "intake.submit", bad)
    again = inputs(answer["value"])
    assert again["device"]["value"] == "HP LaserJet 400"
    assert again["summary"]["value"] == "x" * 130
    text = card_text(answer["value"])
    assert "120 characters" in text
    assert "Describe the problem" in text
    assert not channel_cards(desk), "nothing may reach the channel from an invalid form"


async def test_valid_form_opens_a_ticket_posts_the_card_and_confirms(installed_desk: Desk) -> None:
    desk = installed_desk
    shown = form_of(await desk.say(teams.ALICE, "new"))
    intake_id = shown["actions"][0]["data"]["intake_id"]
    answer = await desk.click(teams.ALICE, "intake.submit", {"intake_id": intake_id, **GOOD_FORM})
    confirmation = card_text(answer["value"])
    assert "INC-000001" in confirmation
    assert "High" in confirmation  # medium impact x high urgency
    assert "1 hour" in confirmation  # High's response target
    posted = [s for s in desk.connector.sent if s.kind == "create"]
    assert len(posted) == 1
    assert posted[0].conversation_id.startswith(teams.TEAM_ID + ";messageid=")
    assert "My VPN keeps dropping" in card_text(posted[0].card)
    service = desk.app[SERVICE]
    ticket = await service.store.get(1)
    assert ticket.channel_thread is not None
    assert ticket.channel_thread.activity_id == posted[0].activity_id
    # the same submission again (a retry) opens nothing new
    again = await desk.click(teams.ALICE, "intake.submit", {"intake_id": intake_id, **GOOD_FORM})
    assert "INC-000001" in card_text(again["value"])
    assert len([s for s in desk.connector.sent if s.kind == "create"]) == 1


async def test_claim_updates_the_card_for_everyone_and_tells_the_requester(installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    thread = (await desk.app[SERVICE].store.get(1)).channel_thread
    channel = teams.channel_data(teams.TEAM_ID)
    conversation = teams.channel_conversation(teams.TEAM_ID, thread.activity_id)
    answer = await desk.click(teams.TESS, "ticket.claim", {"ticket": reference}, conversation, channel)
    assert "Tess Technician" in card_text(answer["value"])
    updates = [s for s in desk.connector.sent if s.kind == "update"]
    assert updates and updates[-1].activity_id == thread.activity_id
    assert "Tess Technician" in card_text(updates[-1].card)
    told = [s for s in desk.connector.in_conversation(teams.ALICE.chat_id) if "Tess Technician" in s.text]
    assert told and reference in told[-1].text


async def test_a_stale_second_claim_changes_nothing_and_says_who_has_it(installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    channel = teams.channel_data(teams.TEAM_ID)
    conversation = teams.channel_conversation(teams.TEAM_ID)
    await desk.click(teams.TESS, "ticket.claim", {"ticket": reference}, conversation, channel)
    answer = await desk.click(teams.TOM, "ticket.claim", {"ticket": reference}, conversation, channel)
    assert "already claimed by Tess Technician" in card_text(answer["value"])
    ticket = await desk.app[SERVICE].store.get(1)
    assert ticket.assignee.name == "Tess Technician"
    assert [e.kind for e in ticket.history].count("claimed") == 1


async def test_concurrent_claims_leave_exactly_one_assignee(installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    channel = teams.channel_data(teams.TEAM_ID)
    conversation = teams.channel_conversation(teams.TEAM_ID)
    answers = await asyncio.gather(*[
        desk.click(user, "ticket.claim", {"ticket": reference}, conversation, channel)
        for user in (teams.TESS, teams.TOM, teams.TESS, teams.TOM)
    ])
    ticket = await desk.app[SERVICE].store.get(1)
    assert [e.kind for e in ticket.history].count("claimed") == 1
    winner = ticket.assignee.name
    refusals = [a for a in answers if "already" in card_text(a["value"])]
    assert len(refusals) == 3
    told = [s for s in desk.connector.in_conversation(teams.ALICE.chat_id) if "picked up" in s.text]
    assert len(told) == 1 and winner in told[0].text


async def test_an_employee_cannot_claim(installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    answer = await desk.click(teams.BOB, "ticket.claim", {"ticket": reference})
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "Only technicians" in answer["value"]
    ticket = await desk.app[SERVICE].store.get(1)
    assert ticket.assignee is None


async def test_status_for_requester_other_employee_and_technician(installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    own = await desk.say(teams.ALICE, f"/status {reference}")
    assert "My VPN keeps dropping" in card_text(own[-1].card)
    other = await desk.say(teams.BOB, f"status {reference.lower()}")
    assert "can't find" in other[-1].text
    assert "VPN" not in json.dumps([s.body for s in other])
    tech = await desk.say(teams.TESS, f"STATUS {reference}")
    assert "My VPN keeps dropping" in card_text(tech[-1].card)


async def test_channel_queue_lists_unclaimed_oldest_first_and_help_for_unknown(installed_desk: Desk) -> None:
    desk = installed_desk
    first = await open_ticket(desk, teams.ALICE)
    second = await open_ticket(desk, teams.BOB, {**GOOD_FORM, "summary": "Outlook will not start"})
    listed = await desk.in_channel(teams.TESS, "/queue")
    text = card_text(listed[-1].card)
    assert text.index(first) < text.index(second)
    unknown = await desk.in_channel(teams.TESS, "what is going on")
    assert "queue" in card_text(unknown[-1].card)


async def test_queue_here_moves_new_tickets_to_that_channel(installed_desk: Desk) -> None:
    desk = installed_desk
    await desk.in_channel(teams.TESS, "queue here", channel=teams.OTHER_CHANNEL)
    await open_ticket(desk, teams.ALICE)
    posted = [s for s in desk.connector.sent if s.kind == "create"]
    assert posted[-1].conversation_id.startswith(teams.OTHER_CHANNEL)


async def test_cancel_leaves_the_form_and_help_lists_commands(installed_desk: Desk) -> None:
    desk = installed_desk
    await desk.say(teams.ALICE, "new laptop battery dies fast")
    reminder = await desk.say(teams.ALICE, "hello?")
    assert "form is above" in reminder[-1].text
    left = await desk.say(teams.ALICE, "/cancel")
    assert "put that form away" in left[-1].text
    helped = await desk.say(teams.ALICE, "help")
    assert "mytickets" in card_text(helped[-1].card)


async def test_adding_the_bot_again_keeps_the_queues_and_takes_the_new_service_url(installed_desk: Desk) -> None:
    desk = installed_desk
    await desk.in_channel(teams.TESS, "queue here", channel=teams.OTHER_CHANNEL)
    again = teams.bot_added_to_team(desk.url + "/", teams.TESS)
    await desk.post(again)
    await open_ticket(desk, teams.ALICE)
    posted = [s for s in desk.connector.sent if s.kind == "create"]
    assert posted[-1].conversation_id.startswith(teams.OTHER_CHANNEL)
    state = await JsonFileStateStore(desk.data_dir / "state.json").read(["desk/team"])
    assert state["desk/team"]["service_url"] == desk.url + "/"
