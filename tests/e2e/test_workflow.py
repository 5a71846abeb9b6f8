"""A ticket worked from the channel card and its thread, with the requester kept in the loop."""

from __future__ import annotations

import json

from app import SERVICE
from tests.e2e import teams
from tests.e2e.conftest import Desk
from tests.e2e.test_spine import GOOD_FORM, card_text, open_ticket
from tests.fakes.connector import Sent
from tickets.model import Status, Visibility

SECRET = "internal: suspect the user's home router"


class Story:
    """Helpers bound to one ticket: click as someone in the channel, read what reached whom."""

    def __init__(self, desk: Desk, reference: str) -> None:
        self.desk, self.reference = desk, reference

    async def ticket(self):  # noqa: ANN201
        return await self.desk.app[SERVICE].store.get(int(self.reference.split("-")[1]))

    async def thread(self) -> str:
        return (await self.ticket()).channel_thread.conversation_id

    async def act(self, user: teams.User, verb: str, **inputs: str) -> dict:
        thread = (await self.ticket()).channel_thread
        conversation = teams.channel_conversation(teams.TEAM_ID, thread.activity_id)
        return await self.desk.click(user, verb, {"ticket": self.reference, **inputs}, conversation,
                                     teams.channel_data(teams.TEAM_ID))

    async def card(self) -> str:
        thread = (await self.ticket()).channel_thread
        updates = [s for s in self.desk.connector.sent if s.kind == "update" and s.activity_id == thread.activity_id]
        return card_text(updates[-1].card)

    async def thread_lines(self) -> list[str]:
        return [s.text for s in self.desk.connector.in_conversation(await self.thread())]

    def requester_messages(self, user: teams.User = teams.ALICE) -> list[Sent]:
        return [s for s in self.desk.connector.in_conversation(user.chat_id)]


def everything_sent_to(desk: Desk, user: teams.User) -> str:
    return json.dumps([s.body for s in desk.connector.in_conversation(user.chat_id)], ensure_ascii=False)


async def test_a_ticket_from_new_to_closed(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))

    answer = await story.act(teams.TESS, "ticket.claim")
    assert "Tess Technician" in card_text(answer["value"]) and "Tess Technician" in await story.card()
    assert any("picked up" in s.text for s in story.requester_messages())

    await story.act(teams.TESS, "ticket.note", note_text=SECRET)
    assert any(SECRET in line for line in await story.thread_lines())

    await story.act(teams.TESS, "ticket.pend", pending_on="requester", pending_note="Does it drop at home too?")
    assert "Pending" in await story.card()
    question = story.requester_messages()[-1]
    assert "Does it drop at home too?" in question.text

    sent = await desk.say(teams.ALICE, "Only in the office, on Wi-Fi")
    assert story.reference in sent[-1].text  # "added that to INC-..."
    ticket = await story.ticket()
    assert ticket.status is Status.IN_PROGRESS
    assert any("Only in the office" in line for line in await story.thread_lines())

    await story.act(teams.TESS, "ticket.escalate", escalate_reason="Needs the network team", escalate_queue="")
    ticket = await story.ticket()
    assert ticket.tier == 2 and ticket.assignee is None
    assert "tier 2" in (await story.card()).lower()
    assert any("specialised" in s.text for s in story.requester_messages())

    await story.act(teams.TOM, "ticket.claim")
    await story.act(teams.TOM, "ticket.resolve", resolution="Moved you to the 5 GHz network.")
    assert "Resolved" in await story.card()
    resolution = story.requester_messages()[-1]
    assert "Moved you to the 5 GHz network." in card_text(resolution.card)

    answer = await desk.click(teams.ALICE, "ticket.still_broken",
                              {"ticket": story.reference, "still_broken_reason": "Dropped again at 3pm"})
    assert "reopened" in card_text(answer["value"])
    ticket = await story.ticket()
    assert ticket.status is Status.REOPENED and ticket.assignee.name == "Tom Technician"
    assert any("Dropped again at 3pm" in line for line in await story.thread_lines())

    await story.act(teams.TOM, "ticket.resolve", resolution="Replaced the access point.")
    answer = await desk.click(teams.ALICE, "ticket.confirm", {"ticket": story.reference})
    assert "closed" in card_text(answer["value"])
    assert (await story.ticket()).status is Status.CLOSED
    assert "Closed" in await story.card()

    assert SECRET not in everything_sent_to(desk, teams.ALICE), "an internal note reached the requester"
    kinds = [e.kind for e in (await story.ticket()).history]
    for kind in ("claimed", "note", "pending", "requester_reply", "escalated", "resolved", "reopened", "confirmed"):
        assert kind in kinds


async def test_thread_messages_reply_to_the_requester_and_notes_stay_internal(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    await story.act(teams.TESS, "ticket.claim")
    root = (await story.ticket()).channel_thread.activity_id
    await desk.post(teams.channel_message(desk.url, teams.TESS, "Can you restart the laptop?", thread=root))
    await desk.post(teams.channel_message(desk.url, teams.TESS, f"/note {SECRET}", thread=root))
    to_alice = everything_sent_to(desk, teams.ALICE)
    assert "Can you restart the laptop?" in to_alice
    assert SECRET not in to_alice
    history = (await story.ticket()).history
    reply = next(e for e in history if e.text == "Can you restart the laptop?")
    note = next(e for e in history if e.text == SECRET)
    assert reply.visibility is Visibility.PUBLIC and note.visibility is Visibility.INTERNAL

    await desk.post(teams.channel_message(desk.url, teams.BOB, "let me in", thread=root))
    assert "Only technicians" in desk.connector.sent[-1].text
    refused = (await story.ticket()).history[-1]
    assert refused.kind == "refused" and "Bob Employee" in refused.text
    assert "let me in" not in everything_sent_to(desk, teams.ALICE)


async def test_an_employee_clicking_a_technician_button_is_refused_and_recorded(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    before = await story.ticket()
    answer = await story.act(teams.BOB, "ticket.resolve", resolution="I fixed it myself")
    assert "Only technicians" in answer["value"]
    after = await story.ticket()
    assert after.status is before.status and after.history[-1].kind == "refused"


async def test_illegal_card_action_is_refused_with_the_fresh_card(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    answer = await story.act(teams.TESS, "ticket.resolve", resolution="done")
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "can't be resolved" in card_text(answer["value"])
    assert (await story.ticket()).status is Status.NEW


async def test_assign_only_to_a_member_of_the_technicians_team(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    await story.act(teams.TESS, "ticket.assign", assignee=teams.BOB.aad_id)
    assert (await story.ticket()).assignee is None
    await story.act(teams.TESS, "ticket.assign", assignee=teams.TOM.aad_id)
    assert (await story.ticket()).assignee.name == "Tom Technician"
    assert any("now with Tom Technician" in s.text for s in story.requester_messages())


async def test_replies_when_several_tickets_wait_and_reply_command(installed_desk: Desk) -> None:
    desk = installed_desk
    first = Story(desk, await open_ticket(desk, teams.ALICE))
    second = Story(desk, await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "summary": "Outlook crashes"}))
    for story in (first, second):
        await story.act(teams.TESS, "ticket.claim")
        await story.act(teams.TESS, "ticket.pend", pending_on="requester", pending_note="When did it start?")
    asked = await desk.say(teams.ALICE, "yesterday")
    assert "Which ticket" in asked[-1].text
    assert (await first.ticket()).status is Status.PENDING
    await desk.say(teams.ALICE, f"reply {second.reference} yesterday at noon")
    assert (await second.ticket()).status is Status.IN_PROGRESS
    assert (await first.ticket()).status is Status.PENDING


async def test_mine_and_queue_filters_in_the_channel(installed_desk: Desk) -> None:
    desk = installed_desk
    mine = Story(desk, await open_ticket(desk, teams.ALICE))
    urgent = await open_ticket(desk, teams.BOB, {**GOOD_FORM, "impact": "high", "urgency": "high",
                                                 "summary": "Server room is hot"})
    await mine.act(teams.TESS, "ticket.claim")
    listed = card_text((await desk.in_channel(teams.TESS, "mine"))[-1].card)
    assert mine.reference in listed and urgent not in listed
    high = card_text((await desk.in_channel(teams.TESS, "/queue high"))[-1].card)
    assert urgent in high and mine.reference not in high


async def test_requester_cancels_a_ticket_nobody_started(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    refused = await desk.say(teams.BOB, f"cancel {story.reference}")
    assert "can't find" in refused[-1].text
    done = await desk.say(teams.ALICE, f"cancel {story.reference}")
    assert "cancelled" in done[-1].text
    assert (await story.ticket()).status is Status.CANCELLED
    assert "Cancelled" in await story.card()


async def test_a_reply_to_the_bots_message_threads_into_that_ticket(installed_desk: Desk) -> None:
    desk = installed_desk
    first = Story(desk, await open_ticket(desk, teams.ALICE))
    second = Story(desk, await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "summary": "Outlook crashes"}))
    await first.act(teams.TESS, "ticket.claim")
    await first.act(teams.TESS, "ticket.reply", reply_text="Which office are you in?")
    question = first.requester_messages()[-1]
    assert "Which office are you in?" in question.text
    activity = teams.personal_message(desk.url, teams.ALICE, "Leeds, second floor")
    activity["replyToId"] = question.activity_id
    await desk.post(activity)
    assert (await first.ticket()).history[-1].text == "Leeds, second floor"
    assert all(e.text != "Leeds, second floor" for e in (await second.ticket()).history)


async def test_a_requester_asking_for_the_card_never_sees_internal_notes(installed_desk: Desk) -> None:
    desk = installed_desk
    story = Story(desk, await open_ticket(desk, teams.ALICE))
    await story.act(teams.TESS, "ticket.claim")
    await story.act(teams.TESS, "ticket.note", note_text=SECRET)
    answer = await desk.click(teams.ALICE, "ticket.refresh", {"ticket": story.reference})
    assert story.reference in card_text(answer["value"])
    assert SECRET not in card_text(answer["value"])
    assert "ticket.claim" not in card_text(answer["value"])
