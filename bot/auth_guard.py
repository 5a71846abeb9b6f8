"""Token validation that cannot freeze the bot (issue 8, STACK.md).

botframework-connector 4.17.1 fetches the OpenID metadata and signing keys with a synchronous
`requests.get` and no timeout, on the event loop, the first time a token with a known issuer
arrives, and again on every such request while the fetch keeps failing. An endpoint that does not
answer (a firewall that drops packets) therefore stops every conversation, and anyone can trigger
it with an unsigned token that merely names the Bot Framework as its issuer.

1. `patch_openid_metadata()` makes the key refresh run in a worker thread with timeouts, and after
   a failure refuses to try again for `RETRY_SECONDS` (applied on import; idempotent; tests/fuzz/
   fails if an upgrade makes it stop applying).
2. `GuardedAuthentication` refuses an Authorization header that is not even a JWT before any
   validation, and bounds the whole validation to `AUTH_SECONDS`. Both refusals are PermissionError,
   which the adapter answers with 401.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

import jwt
import requests
from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
)
from botframework.connector.auth.jwt_token_extractor import _OpenIdMetadata

from bot.auth_wrapper import ForwardingAuthentication

log = logging.getLogger(__name__)

FETCH_TIMEOUT = (3.05, 5.0)  # connect, read; per request (metadata, then keys)
RETRY_SECONDS = 30.0  # after a failed key refresh, tokens are refused without trying again
AUTH_SECONDS = 15.0  # the whole validation of one request; Teams gives a turn about 15 s anyway
MAX_HEADER = 16 * 1024


def _fetch_keys(url: str) -> list[dict]:
    metadata = requests.get(url, timeout=FETCH_TIMEOUT)
    metadata.raise_for_status()
    keys = requests.get(metadata.json()["jwks_uri"], timeout=FETCH_TIMEOUT)
    keys.raise_for_status()
    return keys.json()["keys"]


async def _refresh_in_thread(self: _OpenIdMetadata) -> None:
    failed_at = getattr(self, "desk_failed_at", None)
    if failed_at is not None and time.monotonic() - failed_at < RETRY_SECONDS:
        raise PermissionError("signing keys unavailable; not retrying yet")
    try:
        keys = await asyncio.to_thread(_fetch_keys, self.url)
    except Exception:
        self.desk_failed_at = time.monotonic()
        log.warning("could not fetch the Bot Framework signing keys from %s", self.url, exc_info=True)
        raise
    self.keys, self.last_updated, self.desk_failed_at = keys, datetime.now(), None


def patch_openid_metadata() -> bool:
    """True when `_OpenIdMetadata._refresh` is (now) the threaded one; False if its shape changed."""
    current = _OpenIdMetadata.__dict__.get("_refresh")
    if current is _refresh_in_thread:
        return True
    if current is None or not asyncio.iscoroutinefunction(current):
        log.warning("botframework's _OpenIdMetadata._refresh is not what auth_guard expects; left alone")
        return False
    _OpenIdMetadata._refresh = _refresh_in_thread
    return True


OPENID_PATCHED = patch_openid_metadata()


def bearer_problem(auth_header: str) -> str | None:
    """Why this header cannot be a Bot Framework token, or None (the signature is checked later)."""
    if len(auth_header) > MAX_HEADER:
        return "too long"
    scheme, _, token = auth_header.partition(" ")
    if scheme != "Bearer" or not token or token.count(".") != 2:
        return "not a bearer JWT"
    try:
        header = jwt.get_unverified_header(token)
        jwt.decode(token, options={"verify_signature": False, "verify_exp": False, "verify_aud": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        return "not a JWT"
    if header.get("alg") not in AuthenticationConstants.ALLOWED_SIGNING_ALGORITHMS:
        return "signing algorithm not allowed"
    return None


class GuardedAuthentication(ForwardingAuthentication):
    """Authenticates exactly as the wrapped one, after a shape check and within a time bound."""

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        if auth_header:
            problem = bearer_problem(auth_header)
            if problem:
                raise PermissionError(f"Authorization header refused: {problem}")
        try:
            return await asyncio.wait_for(self._inner.authenticate_request(activity, auth_header), AUTH_SECONDS)
        except TimeoutError:
            raise PermissionError("token validation took too long") from None
