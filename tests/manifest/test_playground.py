"""`make playground` works: the real bot and Microsoft 365 Agents Playground, both on 127.0.0.1,
driven through the playground's own chat API the way its web page drives it."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import aiohttp
import pytest

from manifest import run_playground as pg

BOT_ID = "00000000-0000-0000-0000-00000000000011"  # from manifest/playground/.m365agentsplayground.yml
BOT_NAME = "IT Service Desk"
GENERAL = pg.TEAM  # a team's General channel has the team's id
FORM = {
    "type": "incident", "category": "Network/Connectivity", "subcategory": "Network/Connectivity::VPN",
    "summary": "My VPN keeps dropping", "description": "Every ten minutes since this morning.",
    "impact": "medium", "urgency": "high", "device": "ThinkPad T14", "operating_system": "Windows 11",
    "error_text": "",
}
Event = dict[str, object]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bot on a fresh local store and the playground in front of it; both stopped afterwards."""
    folder = pg.install()
    data = tmp_path_factory.mktemp("playground")
    bot_port = _free_port()
    bot = pg.start_bot(bot_port, data / "data")
    try:
        play = pg.start_playground(bot_port, _free_port(), folder, log_file=data / "playground.log")
    except BaseException:
        bot.stop()
        raise
    yield play.url
    play.stop()
    bot.stop()


@dataclass
class Chat:
    """What the playground's web page does: post as the current user, watch the event stream."""

    session: aiohttp.ClientSession
    events: aiohttp.ClientWebSocketResponse
    url: str

    async def say(self, conversation: str, text: str, *, mention: bool = False) -> None:
        body: dict[str, object] = {"from": {"id": pg.USER}, "text": text, "textFormat": "plain"}
        if mention:
            at = f"<at>{BOT_NAME}</at>"
            body.update(text=f"{at} {text}", mentions=[{"mentioned": {"id": BOT_ID}, "text": at}])
        async with self.session.post(f"{self.url}/_conversation/v1/conversations/{conversation}/messages",
                                     json=body) as answer:
            assert answer.status == 200, await answer.text()

    async def click(self, conversation: str, message_id: str, verb: str, data: dict[str, str],
                    trigger: str = "manual") -> dict:
        """An Action.Execute on the card `message_id`; returns the bot's invoke answer."""
        body = {"name": "adaptiveCard/action", "from": {"id": pg.USER}, "conversation": {"id": conversation},
                "replyToId": message_id,
                "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": trigger}}
        async with self.session.post(f"{self.url}/_conversation/v1/invoke", json=body) as answer:
            assert answer.status == 200, await answer.text()
            return await answer.json()

    async def install_in(self, conversation: str) -> None:
        async with self.session.post(f"{self.url}/_debug/conversation/{conversation}/installation",
                                     json={}) as answer:
            assert answer.status == 200

    async def next(self, wanted: Callable[[Event], bool], limit: float = 30) -> Event:
        """The next event from the bot that `wanted` accepts (a safety limit, not a timing check)."""
        async with asyncio.timeout(limit):
            while True:
                frame = await self.events.receive()
                assert frame.type == aiohttp.WSMsgType.TEXT, frame
                event = json.loads(frame.data)
                if event["message"]["from"]["id"] == BOT_ID and wanted(event):
                    return event


@pytest.fixture
async def chat(playground: str) -> AsyncIterator[Chat]:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{playground.replace('http', 'ws', 1)}"
                                      "/_ws_conversation/v1/conversations/stream") as events:
            yield Chat(session, events, playground)


def _in(conversation: str, *words: str) -> Callable[[Event], bool]:
    def wanted(event: Event) -> bool:
        text = json.dumps(event["message"], ensure_ascii=False)
        return str(event["actionConversationId"]).startswith(conversation) and all(w in text for w in words)

    return wanted


def _card(event: Event) -> dict:
    return event["message"]["attachments"][0]["content"]  # type: ignore[index]


def _action(card: object, verb: str) -> dict:
    """The Action.Execute with `verb`, wherever it sits in the card."""
    if isinstance(card, dict):
        if card.get("verb") == verb:
            return card
        children = list(card.values())
    elif isinstance(card, list):
        children = card
    else:
        children = []
    for child in children:
        found = _action(child, verb)
        if found:
            return found
    return {}


async def test_employee_gets_an_answer_in_the_playground_chat(chat: Chat) -> None:
    await chat.say(pg.PERSONAL_CHAT, "help")
    answer = await chat.next(_in(pg.PERSONAL_CHAT, "What I can do"))
    assert "mytickets" in json.dumps(_card(answer))


async def test_ticket_opened_in_the_chat_is_claimed_in_the_technicians_channel(chat: Chat) -> None:
    await chat.install_in(pg.TEAM)
    await chat.next(_in(GENERAL, "technicians' team"))

    await chat.say(pg.PERSONAL_CHAT, "new")
    form = await chat.next(_in(pg.PERSONAL_CHAT, "intake.submit"))
    submit = _action(_card(form), "intake.submit")
    opened = await chat.click(pg.PERSONAL_CHAT, form["message"]["messageId"], "intake.submit",
                              {**submit["data"], **FORM})
    assert "INC-000001" in json.dumps(opened)

    posted = await chat.next(_in(GENERAL, "INC-000001", "My VPN keeps dropping"))
    thread, card_id = posted["message"]["postConversationId"], posted["message"]["messageId"]
    await chat.say(GENERAL, "queue", mention=True)
    await chat.next(_in(GENERAL, "Waiting to be claimed", "INC-000001"))

    # Teams asks for the viewer's own version of the card (refresh); a technician's has Claim on it.
    mine = await chat.click(thread, card_id, "ticket.refresh", {"ticket": "INC-000001"}, trigger="automatic")
    claim = _action(mine, "ticket.claim")
    assert claim, "a technician's view of a new ticket offers Claim"
    claimed = await chat.click(thread, card_id, "ticket.claim", claim["data"])
    assert "Alex Wilber" in json.dumps(claimed)
    updated = await chat.next(lambda e: e["action"] == "updateMessage" and "Alex Wilber" in json.dumps(e))
    assert "Assigned" in json.dumps(_card(updated))


def _outward_address() -> str | None:
    """This machine's address on its main network interface (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_playground_cannot_be_reached_from_the_network(playground: str) -> None:
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no network interface besides loopback")
    port = int(playground.rsplit(":", 1)[1])
    for host, reachable in ((address, False), ("127.0.0.1", True)):
        with socket.socket() as probe:
            probe.settimeout(2)
            assert (probe.connect_ex((host, port)) == 0) is reachable, f"{host}:{port}"
