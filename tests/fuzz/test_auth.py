"""Auth on (an app id and a secret): unsigned and junk-token requests get 401, without the network.

The Bot Framework's signing keys are served by local servers here: one that never answers (a
firewall dropping packets), one that fails, and one with a real key, so a correctly signed token is
shown to pass the guard too. Nothing reaches login.botframework.com.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import time
from collections.abc import AsyncIterator
from pathlib import Path

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import AuthenticationConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from app import create_app
from bot import auth_guard
from config import Settings
from tests.e2e import teams
from tests.fuzz.activities import case
from tests.fuzz.test_messages_fuzz import SEED

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "00000000-0000-0000-0000-00000000d35c"
ISSUER = "https://api.botframework.com"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"  # never called: the tested turns send nothing


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


UNSIGNED = f"{_b64({'alg': 'RS256', 'kid': 'k1', 'typ': 'JWT'})}.{_b64({'iss': ISSUER, 'aud': APP_ID})}.c2ln"


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[TestClient]:
    settings = Settings(app_id=APP_ID, app_password="not-a-real-secret", data_dir=tmp_path / "data",
                        desk_config=ROOT / "desk.yaml")
    client = TestClient(TestServer(create_app(settings, watch_sla=False), host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture
def keys_at(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Point botframework's key cache for channel tokens at a local URL."""
    def point(url: str) -> _OpenIdMetadata:
        metadata = _OpenIdMetadata(url)
        monkeypatch.setitem(JwtTokenExtractor.metadataCache,
                            AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL, metadata)
        return metadata
    monkeypatch.setattr(auth_guard, "FETCH_TIMEOUT", (0.5, 0.5))
    return point


def _invoke(verb: str = "intake.cancel") -> dict:
    activity = teams.card_action(SERVICE_URL, teams.ALICE, verb, {"intake_id": "x"},
                                 teams.personal_conversation(teams.ALICE))
    return activity


async def _post(bot: TestClient, authorization: str | None) -> int:
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = await bot.post("/api/messages", json=_invoke(), headers=headers)
    await response.read()
    return response.status


def test_the_key_refresh_patch_still_applies() -> None:
    assert auth_guard.OPENID_PATCHED, "botframework changed _OpenIdMetadata: re-check bot/auth_guard.py"
    assert _OpenIdMetadata.__dict__["_refresh"] is auth_guard._refresh_in_thread


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer junk", "junk", "Basic YTpi", "Bearer a.b.c", "bearer " + UNSIGNED,
    "Bearer " + UNSIGNED.replace("RS256", "none"), "Bearer " + "A" * 8_000,
    "Bearer " + jwt.encode({"iss": ISSUER, "aud": APP_ID}, "k" * 32, algorithm="HS256"),
])
async def test_unsigned_and_junk_tokens_get_401(bot: TestClient, keys_at, authorization: str | None) -> None:  # noqa: ANN001
    keys_at("http://127.0.0.1:9/never-asked")  # these are refused before any key is needed
    assert await _post(bot, authorization) == 401


async def test_keys_that_never_come_do_not_freeze_the_bot(bot: TestClient, keys_at) -> None:  # noqa: ANN001
    connections: list[asyncio.StreamWriter] = []

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)

    black_hole = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = black_hole.sockets[0].getsockname()[1]
    keys_at(f"http://127.0.0.1:{port}/openid")
    try:
        waiting = asyncio.ensure_future(_post(bot, "Bearer " + UNSIGNED))
        while not connections:  # the key fetch has started and hangs
            await asyncio.sleep(0.01)
        health = await bot.get("/healthz")  # meanwhile the bot answers
        assert health.status == 200 and not waiting.done()
        assert await asyncio.wait_for(waiting, 30) == 401
        assert await _post(bot, "Bearer " + UNSIGNED) == 401  # refused without asking again
        assert len(connections) == 1
    finally:
        for writer in connections:
            writer.close()
        black_hole.close()
        await black_hole.wait_closed()


@pytest.fixture
async def signing_key() -> AsyncIterator[tuple[rsa.RSAPrivateKey, str]]:
    """A local OpenID metadata endpoint publishing one RSA key; yields the key and the metadata URL."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "k1", "endorsements": ["msteams"]}
    app = web.Application()
    app.router.add_get("/openid", lambda r: web.json_response({"jwks_uri": str(r.url.with_path("/keys"))}))
    app.router.add_get("/keys", lambda r: web.json_response({"keys": [jwk]}))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield key, str(server.make_url("/openid"))
    await server.close()


def _signed(key: rsa.RSAPrivateKey, **claims: object) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": APP_ID, "serviceurl": SERVICE_URL, "nbf": now - 60, "exp": now + 600, **claims}
    return "Bearer " + jwt.encode(payload, key, algorithm="RS256", headers={"kid": "k1"})


async def test_a_signed_token_passes_and_a_wrong_one_does_not(bot: TestClient, keys_at, signing_key) -> None:  # noqa: ANN001
    key, url = signing_key
    keys_at(url)
    assert await _post(bot, _signed(key)) == 200
    assert await _post(bot, _signed(key, aud="someone-else")) == 401
    assert await _post(bot, _signed(key, exp=int(time.time()) - 3600)) == 401
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert await _post(bot, _signed(other)) == 401


async def test_no_unsigned_fuzz_case_gets_through(bot: TestClient, keys_at) -> None:  # noqa: ANN001
    """The fuzz cases again, with auth on: each is refused (4xx) before the bot sees it."""
    keys_at("http://127.0.0.1:9/never-asked")
    rng = random.Random(SEED)
    statuses: set[int] = set()
    for _ in range(300):
        request = case(rng, SERVICE_URL, [])
        headers = {"Content-Type": request.content_type, "Authorization": request.authorization or "Bearer " + UNSIGNED}
        response = await bot.post("/api/messages", data=request.body, headers=headers)
        await response.read()
        statuses.add(response.status)
    assert statuses <= {400, 401, 413, 415}, f"seed {SEED}: {statuses}"
    assert 401 in statuses
