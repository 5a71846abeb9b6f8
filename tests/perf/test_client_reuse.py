"""Connector and token clients are built once and reused across turns, never across bot identities."""

from __future__ import annotations

from pathlib import Path

import pytest
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.auth import AuthenticationConstants, ClaimsIdentity
from msrest.universal_http import requests as msrest_requests

from app import Stores
from bot.perf import MAX_CLIENTS, ReusingAuthentication
from config import Settings
from store.state_store import JsonFileStateStore
from store.tinydb_store import TinyDbTicketStore
from tests.e2e import teams
from tests.e2e.conftest import Desk, start_desk
from tests.fakes.connector import FakeConnector


def counting_retry_policies(monkeypatch) -> list[int]:  # noqa: ANN001 (pytest's fixture)
    """Counts msrest client configurations (each builds one ClientRetryPolicy)."""
    built: list[int] = []
    original = msrest_requests.ClientRetryPolicy.__init__

    def counted(self) -> None:  # noqa: ANN001
        built.append(1)
        original(self)

    monkeypatch.setattr(msrest_requests.ClientRetryPolicy, "__init__", counted)
    return built


async def test_turns_after_the_first_configure_no_new_clients(desk: Desk, monkeypatch) -> None:  # noqa: ANN001
    built = counting_retry_policies(monkeypatch)
    first = await desk.say(teams.ALICE, "status INC-000001")
    assert first, "the bot answered"
    after_first = len(built)
    for text in ("status INC-000002", "help", "status INC-000003"):
        assert await desk.say(teams.ALICE, text)
    assert len(built) == after_first
    for user in (teams.BOB, teams.TESS):  # other people on the same service URL share them too
        assert await desk.say(user, "help")
    assert len(built) == after_first


def claims(app_id: str) -> ClaimsIdentity:
    return ClaimsIdentity({AuthenticationConstants.AUDIENCE_CLAIM: app_id}, True)


def authentication() -> ReusingAuthentication:
    settings = Settings(app_id="app-one", app_password="secret", app_type="MultiTenant")
    return ReusingAuthentication(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))


async def test_clients_are_shared_per_app_id_audience_and_service_url_only() -> None:
    auth = authentication()
    factory = auth.create_connector_factory(claims("app-one"))
    one = await factory.create("https://smba.example/emea/")
    again = await auth.create_connector_factory(claims("app-one")).create("https://smba.example/emea/")
    other_url = await factory.create("https://smba.example/amer/")
    other_audience = await factory.create("https://smba.example/emea/", "api://some-skill")
    assert one is again
    assert other_url is not one and other_audience is not one
    assert one.config.credentials.microsoft_app_id == "app-one"
    assert other_audience.config.credentials.oauth_scope == "api://some-skill"
    token_client = await auth.create_user_token_client(claims("app-one"))
    assert await auth.create_user_token_client(claims("app-one")) is token_client


async def test_an_app_id_the_bot_does_not_own_is_still_refused() -> None:
    auth = authentication()
    await auth.create_connector_factory(claims("app-one")).create("https://smba.example/emea/")
    with pytest.raises(Exception, match="Invalid app_id"):
        await auth.create_connector_factory(claims("app-two")).create("https://smba.example/emea/")


async def test_odd_service_urls_cannot_pin_unbounded_clients() -> None:
    auth = authentication()
    factory = auth.create_connector_factory(claims("app-one"))
    first = await factory.create("https://smba.example/0/")
    for n in range(1, MAX_CLIENTS + 5):
        await factory.create(f"https://smba.example/{n}/")
    assert await factory.create("https://smba.example/0/") is not first  # evicted, built again



class CountingStateStore(JsonFileStateStore):
    """The real file store, counting the writes that reach it."""

    writes = 0

    async def write(self, documents: dict[str, dict]) -> None:
        self.writes += 1
        await super().write(documents)


async def test_further_messages_in_a_known_chat_rewrite_no_state(tmp_path: Path, connector: FakeConnector) -> None:
    state = CountingStateStore(tmp_path / "state.json")
    stores = Stores(TinyDbTicketStore(tmp_path / "tickets.json"), state)
    desk = await start_desk(tmp_path, connector, stores=stores)
    try:
        assert await desk.say(teams.ALICE, "help")  # first message: the chat is remembered
        written = state.writes
        for _ in range(3):
            assert await desk.say(teams.ALICE, "help")
        assert state.writes == written
        assert (await state.read(["conversations/user/aad-alice"]))["conversations/user/aad-alice"]["conversation"][
            "id"] == teams.ALICE.chat_id
    finally:
        await desk.client.close()
