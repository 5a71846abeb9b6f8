"""What the desk has to tell Teams is not lost when Teams cannot be reached, nor when the bot stops."""

from __future__ import annotations

import json
from pathlib import Path

from app import NOTICES, SERVICE, WATCHER
from tests.domain.fakes import FakeClock
from tests.domain.support import config, utc
from tests.e2e import teams
from tests.e2e.conftest import Desk, start_desk
from tests.e2e.test_sla import FAST, MARIA, QUEUES
from tests.e2e.test_spine import GOOD_FORM, open_ticket
from tests.fakes.connector import FakeConnector
from tickets.model import Status


async def test_a_claim_during_an_outage_reaches_channel_and_requester_once_teams_is_back(
        installed_desk: Desk) -> None:
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    desk.connector.down = True
    answer = await desk.click(teams.TESS, "ticket.claim", {"ticket": reference},
                              teams.channel_conversation(teams.TEAM_ID), teams.channel_data(teams.TEAM_ID))
    assert answer["statusCode"] == 200
    assert (await desk.app[SERVICE].store.get(1)).status is Status.ASSIGNED  # the claim itself is saved
    assert await desk.app[NOTICES].retry_pending() == 0  # not due yet, and Teams is still down

    desk.connector.down = False
    desk.app[NOTICES].wall_clock = lambda: 10**10  # the back-off has passed
    assert await desk.app[NOTICES].retry_pending() == 1
    told = [s.text for s in desk.connector.in_conversation(teams.ALICE.chat_id) if "picked up" in s.text]
    assert len(told) == 1 and reference in told[0]
    assert [s for s in desk.connector.sent if s.kind == "update" and "Tess Technician" in json.dumps(s.card)]
    assert await desk.app[NOTICES].retry_pending() == 0  # delivered once, then forgotten


async def test_a_breach_alert_survives_an_outage(tmp_path: Path, connector: FakeConnector) -> None:
    clock = FakeClock(utc(2026, 11, 27, 10, 0))
    desk = await start_desk(tmp_path, connector, clock=clock, desk_config=config(sla=FAST, queues=QUEUES),
                            watch_sla=False)
    await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    await desk.say(MARIA, "hello")
    await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "impact": "high", "urgency": "high"})
    connector.down = True
    clock.advance(seconds=90)
    await desk.app[WATCHER].scan_once()
    assert "response:breach" in (await desk.app[SERVICE].store.get(1)).sla_announced
    connector.down = False
    desk.app[NOTICES].wall_clock = lambda: 10**10
    await desk.app[NOTICES].retry_pending()
    assert len([s for s in connector.in_conversation(MARIA.chat_id) if "SLA breach" in s.text]) == 1
    await desk.client.close()


async def test_notices_written_before_a_crash_are_sent_after_the_restart(
        tmp_path: Path, connector: FakeConnector) -> None:
    desk = await start_desk(tmp_path, connector, watch_sla=False)
    await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    reference = await open_ticket(desk, teams.ALICE)
    connector.down = True
    await desk.click(teams.TESS, "ticket.claim", {"ticket": reference},
                     teams.channel_conversation(teams.TEAM_ID), teams.channel_data(teams.TEAM_ID))
    await desk.client.close()  # the bot stops with the notice still owed

    connector.down = False
    restarted = await start_desk(tmp_path, connector, watch_sla=False)
    restarted.app[NOTICES].wall_clock = lambda: 10**10
    assert await restarted.app[NOTICES].retry_pending() == 1
    assert any("picked up" in s.text for s in connector.in_conversation(teams.ALICE.chat_id))
    await restarted.client.close()


async def test_a_notice_being_sent_is_not_sent_again_by_the_retries(installed_desk: Desk) -> None:
    """The retry job runs beside the turns: while a notice is in flight it must leave it alone."""
    desk = installed_desk
    reference = await open_ticket(desk, teams.ALICE)
    notices = desk.app[NOTICES]
    inner = notices._inner
    retried: list[int] = []

    class RetryWhileSending:
        async def ticket_changed(self, ticket, events):  # noqa: ANN001, ANN202
            retried.append(await notices.retry_pending())  # the background job, mid-delivery
            await inner.ticket_changed(ticket, events)

    notices._inner = RetryWhileSending()
    await desk.click(teams.TESS, "ticket.claim", {"ticket": reference},
                     teams.channel_conversation(teams.TEAM_ID), teams.channel_data(teams.TEAM_ID))
    assert retried == [0]
    told = [s for s in desk.connector.in_conversation(teams.ALICE.chat_id) if "picked up" in s.text]
    assert len(told) == 1
