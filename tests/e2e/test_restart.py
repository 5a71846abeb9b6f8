"""A restart in the middle of an intake loses nothing."""

from __future__ import annotations

from pathlib import Path

from app import SERVICE
from tests.e2e import teams
from tests.e2e.conftest import start_desk
from tests.e2e.test_spine import GOOD_FORM, card_text, form_of
from tests.fakes.connector import FakeConnector


async def test_an_intake_survives_a_restart(tmp_path: Path, connector: FakeConnector) -> None:
    first = await start_desk(tmp_path, connector)
    await first.post(teams.bot_added_to_team(first.url, teams.TESS))
    form = form_of(await first.say(teams.ALICE, "new my screen flickers"))
    intake_id = form["actions"][0]["data"]["intake_id"]
    await first.client.close()

    second = await start_desk(tmp_path, connector)
    reminder = await second.say(teams.ALICE, "are you there?")
    assert "form is above" in reminder[-1].text, "the open form was forgotten"
    answer = await second.click(teams.ALICE, "intake.submit", {"intake_id": intake_id, **GOOD_FORM})
    assert "INC-000001" in card_text(answer["value"])
    assert "already" not in card_text(answer["value"])
    after = await second.say(teams.ALICE, "thanks")
    assert "form is above" not in after[-1].text  # the form was closed by the submission
    ticket = await second.app[SERVICE].store.get(1)
    assert ticket.channel_thread is not None  # the team binding survived too
    await second.client.close()
