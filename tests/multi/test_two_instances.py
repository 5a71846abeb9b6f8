"""Two bot processes behind one fake Bot Connector, on one SharePoint (fake Graph) and one Azurite:
state is shared, claims and SLA alerts happen once, and the SLA watch survives its holder's death."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from azure.storage.blob.aio import BlobServiceClient

from bot.lease import SLA_WATCH
from store.lease_blob import PREFIX
from store.sharepoint_store import SharePointTicketStore
from tests.domain.support import SHIPPED
from tests.e2e import teams
from tests.e2e.test_spine import GOOD_FORM, card_text, form_of, open_ticket
from tests.fakes.connector import FakeConnector
from tests.graph.harness import SITE, SharePointHarness, sharepoint_harness
from tests.multi.azurite import Azurite, azurite, new_container
from tests.multi.bots import BotProcess, quiet_env

pytestmark = pytest.mark.slow

MARIA = teams.User("29:maria", "aad-maria", "Maria Manager")
CRITICAL = {**GOOD_FORM, "impact": "high", "urgency": "high", "summary": "Nobody can log in to the ERP"}
ROUND_THE_CLOCK = {"response": "1h", "resolution": "8h", "calendar": "24x7"}
SLA = {"warn_at": 0.5, "priorities": {"critical": {"response": "6s", "resolution": "1h", "calendar": "24x7"},
                                      "high": ROUND_THE_CLOCK, "medium": ROUND_THE_CLOCK, "low": ROUND_THE_CLOCK}}
SCAN_SECONDS = "0.3"


@dataclass
class Fleet:
    a: BotProcess
    b: BotProcess
    connector: FakeConnector
    graph: SharePointHarness
    emulator: Azurite
    container: str
    tickets: SharePointTicketStore

    def logs(self) -> str:
        return "\n".join(bot.tail() for bot in (self.a, self.b))

    async def eventually(self, what: str, check: Callable[[], object], seconds: float) -> None:
        """Polls `check` until it is true; fails with both bots' logs after `seconds`."""
        deadline = time.monotonic() + seconds
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {seconds} s\n{self.logs()}")
            await asyncio.sleep(0.1)

    def texts(self, conversation_id: str, phrase: str) -> list[str]:
        return [s.text for s in self.connector.in_conversation(conversation_id) if phrase in s.text]

    async def lease_holder(self) -> tuple[str, str]:
        """(holder named in the lease blob's metadata, lease state)."""
        async with BlobServiceClient.from_connection_string(self.emulator.connection_string) as service:
            blob = service.get_container_client(self.container).get_blob_client(PREFIX + SLA_WATCH)
            properties = await blob.get_blob_properties()
            return properties.metadata.get("holder", ""), properties.lease.state


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Fleet]:
    emulator = await azurite()
    container = new_container()
    desk_file = tmp_path / "desk.yaml"
    queues = {**SHIPPED["queues"], "default": {**SHIPPED["queues"]["default"], "managers": [MARIA.aad_id]}}
    desk_file.write_text(yaml.safe_dump({**SHIPPED, "sla": SLA, "queues": queues}))
    connector = FakeConnector(members={teams.TEAM_ID: [teams.TESS.member, teams.TOM.member]})
    await connector.start()
    async with sharepoint_harness(tmp_path) as graph:
        env = quiet_env(DESK_STORE="sharepoint", GRAPH_BASE_URL=graph.fake.url, GRAPH_AUTH="none",
                        SHAREPOINT_SITE_ID=SITE, DESK_STATE_BLOB_CONNECTION_STRING=emulator.connection_string,
                        DESK_STATE_BLOB_CONTAINER=container, DESK_SLA_SCAN_SECONDS=SCAN_SECONDS,
                        DESK_CONFIG=str(desk_file))
        bots = [await BotProcess.start(name, tmp_path / name, env, connector) for name in ("a", "b")]
        try:
            deadline = time.monotonic() + 40
            await asyncio.gather(*(bot.ready(deadline) for bot in bots))
            tickets = await graph.open(outbox="test-outbox.json")
            yield Fleet(bots[0], bots[1], connector, graph, emulator, container, tickets)
        finally:
            for bot in bots:
                await bot.stop()
            await connector.stop()


async def test_two_instances_share_state_claim_once_alert_once_and_take_over(fleet: Fleet) -> None:
    a, b, connector = fleet.a, fleet.b, fleet.connector
    # Installed through A, known to B: the team binding and the manager's chat live in Blob storage.
    status, _ = await a.post(teams.bot_added_to_team(a.url, teams.TESS))
    assert status in (200, 201)
    await b.say(MARIA, "hello")
    connector.clear()

    # An intake started on A is finished on B (the dialog state is shared), then claimed at once on both.
    shown = form_of(await a.say(teams.ALICE, "new"))
    answer = await b.click(teams.ALICE, "intake.submit", {"intake_id": shown["actions"][0]["data"]["intake_id"],
                                                          **GOOD_FORM})
    reference = next(w for w in card_text(answer["value"]).replace('"', " ").split() if w.startswith("INC-"))
    number = int(reference.rstrip(".,·").split("-")[1])
    channel, conversation = teams.channel_data(teams.TEAM_ID), teams.channel_conversation(teams.TEAM_ID)
    claims = [bot.click(tech, "ticket.claim", {"ticket": reference.rstrip(".,·")}, conversation, channel)
              for bot, tech in ((a, teams.TESS), (b, teams.TOM), (a, teams.TOM), (b, teams.TESS))]
    await asyncio.gather(*claims)

    claimed = await fleet.tickets.get(number)
    assert claimed.assignee is not None and claimed.assignee.name in ("Tess Technician", "Tom Technician")
    assert [e.kind for e in claimed.history].count("claimed") == 1
    await fleet.eventually("the requester hears it was picked up",
                           lambda: fleet.texts(teams.ALICE.chat_id, "picked up"), 10)
    assert len(fleet.texts(teams.ALICE.chat_id, "picked up")) == 1

    # An unclaimed Critical ticket: one warning, one breach in its thread, one message to the manager.
    critical = await open_ticket(b, teams.BOB, CRITICAL)
    thread = (await fleet.tickets.get(int(critical.split("-")[1]))).channel_thread.conversation_id
    await fleet.eventually("the breach is announced", lambda: fleet.texts(thread, "SLA breached"), 20)
    await fleet.eventually("the manager is told", lambda: fleet.texts(MARIA.chat_id, critical), 10)
    await asyncio.sleep(1.5)  # five more scans on each instance: nothing may repeat
    assert len(fleet.texts(thread, "SLA warning")) == 1
    assert len(fleet.texts(thread, "SLA breached")) == 1
    assert len(connector.in_conversation(MARIA.chat_id)) == 1

    # The holder of the SLA watch dies; the other instance takes the lease once it expires.
    holder, state = await fleet.lease_holder()
    assert state == "leased"
    pids = {bot.process.pid: bot for bot in (a, b)}
    dead = pids[int(holder.rsplit("/", 1)[1])]
    survivor = b if dead is a else a
    dead.kill()
    later = await open_ticket(survivor, teams.ALICE, {**CRITICAL, "summary": "ERP down again"})
    thread = (await fleet.tickets.get(int(later.split("-")[1]))).channel_thread.conversation_id
    await fleet.eventually("the survivor announces the breach", lambda: fleet.texts(thread, "SLA breached"), 35)
    await asyncio.sleep(1)
    assert len(fleet.texts(thread, "SLA breached")) == 1
    assert len(fleet.texts(thread, "SLA warning")) <= 1
    assert len(connector.in_conversation(MARIA.chat_id)) == 2
    assert (await fleet.lease_holder())[0].endswith(f"/{survivor.process.pid}")

    # A clean stop hands the lease back at once.
    assert await survivor.stop() == 0
    assert (await fleet.lease_holder())[1] == "available"
