"""SLA clocks and routing, end to end: second-scale targets on a 24x7 calendar and a fake clock."""

from __future__ import annotations

from pathlib import Path

from app import SERVICE, WATCHER
from tests.domain.fakes import FakeClock
from tests.domain.support import config, utc
from tests.e2e import teams
from tests.e2e.conftest import Desk, start_desk
from tests.e2e.test_spine import GOOD_FORM, open_ticket
from tests.fakes.connector import FakeConnector
from tickets.model import Priority, Status

MARIA = teams.User("29:maria", "aad-maria", "Maria Manager")
FAST = {
    "warn_at": 0.5, "scan_seconds": 1,
    "priorities": {"critical": {"response": "60s", "resolution": "10m", "calendar": "24x7"},
                   "high": {"response": "2m", "resolution": "20m", "calendar": "24x7"},
                   "medium": {"response": "4m", "resolution": "30m", "calendar": "24x7"},
                   "low": {"response": "8m", "resolution": "1h", "calendar": "24x7"}},
    "pending_reminder": "30s", "pending_autoclose": "90s", "resolved_autoclose": "2m", "waiting_calendar": "24x7",
}
QUEUES = {"default": {"managers": [MARIA.aad_id]}, "access": {"managers": ["maria@contoso.com"]}}
CRITICAL = {**GOOD_FORM, "impact": "high", "urgency": "high", "summary": "Nobody can log in to the ERP"}


async def fast_desk(tmp_path: Path, connector: FakeConnector, clock: FakeClock,
                    directory: Path | None = None) -> Desk:
    desk = await start_desk(tmp_path, connector, directory=directory, clock=clock,
                            desk_config=config(sla=FAST, queues=QUEUES), watch_sla=False)
    await desk.post(teams.bot_added_to_team(desk.url, teams.TESS))
    await desk.say(MARIA, "hello")  # the manager has a 1:1 chat with the bot
    connector.clear()
    return desk


def thread_texts(desk: Desk, conversation_id: str) -> list[str]:
    return [s.text for s in desk.connector.in_conversation(conversation_id)]


async def test_an_unclaimed_critical_ticket_warns_then_breaches_once(tmp_path: Path, connector: FakeConnector
                                                                      ) -> None:
    clock = FakeClock(utc(2026, 11, 27, 10, 0))
    desk = await fast_desk(tmp_path, connector, clock)
    await open_ticket(desk, teams.ALICE, CRITICAL)
    thread = (await desk.app[SERVICE].store.get(1)).channel_thread.conversation_id
    watcher = desk.app[WATCHER]

    clock.advance(seconds=20)
    assert (await watcher.scan_once()).announced == 0
    clock.advance(seconds=15)  # 35 s of 60: past the 50% warning
    await watcher.scan_once()
    warnings = [s for s in connector.in_conversation(thread) if "SLA warning" in s.text]
    assert len(warnings) == 1
    assert {e["mentioned"]["id"] for e in warnings[0].body["entities"]} == {teams.TESS.user_id, teams.TOM.user_id}
    await watcher.scan_once()
    assert len([t for t in thread_texts(desk, thread) if "SLA warning" in t]) == 1

    clock.advance(seconds=30)  # 65 s: breached
    await watcher.scan_once()
    await watcher.scan_once()
    assert len([t for t in thread_texts(desk, thread) if "SLA breached" in t]) == 1
    card_now = [s for s in connector.sent if s.kind == "update"][-1].card
    assert "SLA breached" in str(card_now) and "Routed by" not in str(card_now)
    to_manager = [s.text for s in connector.in_conversation(MARIA.chat_id)]
    assert len(to_manager) == 1 and "INC-000001" in to_manager[0]
    await desk.client.close()

    restarted = await start_desk(tmp_path, connector, clock=clock,
                                 desk_config=config(sla=FAST, queues=QUEUES), watch_sla=False)
    clock.advance(seconds=5)
    await restarted.app[WATCHER].scan_once()
    assert len([t for t in thread_texts(restarted, thread) if "SLA breached" in t]) == 1
    assert len(connector.in_conversation(MARIA.chat_id)) == 1, "a restart repeated the manager's alert"
    await restarted.client.close()


async def test_claiming_stops_the_response_clock_and_the_assignee_is_mentioned(
        tmp_path: Path, connector: FakeConnector) -> None:
    clock = FakeClock(utc(2026, 11, 27, 10, 0))
    desk = await fast_desk(tmp_path, connector, clock)
    reference = await open_ticket(desk, teams.ALICE, CRITICAL)
    await desk.click(teams.TESS, "ticket.claim", {"ticket": reference}, teams.channel_conversation(teams.TEAM_ID),
                     teams.channel_data(teams.TEAM_ID))
    clock.advance(minutes=6)  # resolution clock: 6 of 10 minutes, past 50%
    await desk.app[WATCHER].scan_once()
    ticket = await desk.app[SERVICE].store.get(1)
    assert "response:warn" not in ticket.sla_announced and "resolution:warn" in ticket.sla_announced
    warning = [s for s in connector.in_conversation(ticket.channel_thread.conversation_id) if "SLA warning" in s.text]
    assert [e["mentioned"]["id"] for e in warning[0].body["entities"]] == [teams.TESS.user_id]
    await desk.client.close()


async def test_a_pending_ticket_is_reminded_then_closed(tmp_path: Path, connector: FakeConnector) -> None:
    clock = FakeClock(utc(2026, 11, 27, 10, 0))
    desk = await fast_desk(tmp_path, connector, clock)
    reference = await open_ticket(desk, teams.ALICE)
    channel, conversation = teams.channel_data(teams.TEAM_ID), teams.channel_conversation(teams.TEAM_ID)
    await desk.click(teams.TESS, "ticket.claim", {"ticket": reference}, conversation, channel)
    await desk.click(teams.TESS, "ticket.pend", {"ticket": reference, "pending_on": "requester",
                                                 "pending_note": "Which building?"}, conversation, channel)
    watcher = desk.app[WATCHER]
    clock.advance(seconds=35)
    await watcher.scan_once()
    await watcher.scan_once()
    reminders = [s.text for s in connector.in_conversation(teams.ALICE.chat_id) if "Reminder" in s.text]
    assert len(reminders) == 1 and reference in reminders[0]
    clock.advance(seconds=60)
    await watcher.scan_once()
    ticket = await desk.app[SERVICE].store.get(1)
    assert ticket.status is Status.CLOSED
    assert any("closed" in s.text and reference in s.text for s in connector.in_conversation(teams.ALICE.chat_id))
    assert [e.kind for e in ticket.history].count("closed") == 1
    await desk.client.close()


async def test_rules_route_password_resets_and_raise_finance(tmp_path: Path, connector: FakeConnector) -> None:
    directory = tmp_path / "directory.yaml"
    directory.write_text(
        "users:\n"
        f"  - {{id: {teams.BOB.aad_id}, upn: bob@contoso.com, name: Bob Employee, department: Finance}}\n"
        f"  - {{id: {MARIA.aad_id}, upn: maria@contoso.com, name: Maria Manager, department: IT}}\n")
    clock = FakeClock(utc(2026, 11, 27, 10, 0))
    desk = await fast_desk(tmp_path, connector, clock, directory)
    await desk.in_channel(teams.TESS, "queue here access", channel=teams.OTHER_CHANNEL)
    await open_ticket(desk, teams.ALICE, {**GOOD_FORM, "category": "Account and Access",
                                          "subcategory": "Account and Access::Password reset",
                                          "summary": "Password reset please", "impact": "low", "urgency": "low"})
    await open_ticket(desk, teams.BOB, {**GOOD_FORM, "impact": "low", "urgency": "low"})
    service = desk.app[SERVICE]
    access, finance = await service.store.get(1), await service.store.get(2)
    assert access.queue == "access"
    assert any(e.kind == "routed" and "password reset" in e.text for e in access.history)
    posted = [s for s in connector.sent if s.kind == "create"]
    assert posted[0].conversation_id.startswith(teams.OTHER_CHANNEL)
    assert "routed by the password reset rule" in str(posted[0].card).lower()
    assert finance.priority is Priority.HIGH and finance.requester.department == "Finance"
    assert posted[1].conversation_id.startswith(teams.TEAM_ID)
    await desk.client.close()
