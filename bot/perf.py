"""Per-turn waste of botbuilder 4.17.1 on msrest 0.7.1, removed at the edge (issue 8, STACK.md).

1. msrest's `ClientRetryPolicy.__init__` builds its retry list as
   `[i for i in range(999) if i not in self.safe_codes]` with `safe_codes` a 500-item *list*: about
   500,000 comparisons each time any msrest client is configured (twice a turn in CloudAdapter).
   Making `safe_codes` a frozenset of the same codes gives the same list in microseconds. Importing
   this module applies it (idempotent); `tests/perf/` fails when an upgrade makes it stop applying.
2. CloudAdapter builds a new ConnectorClient and a new UserTokenClient for every turn.
   `ReusingAuthentication` hands out the same clients again, keyed by what their credentials
   depend on: the bot's app id and the token audience (plus the service URL for a connector).
   Nothing in them is per user or per conversation, so sharing them is safe with auth on.
3. msrest serializes an Adaptive Card (an untyped `object` in the Activity schema) node by node
   through its generic path (a try/except, a custom-serializer lookup and a `str()` per string):
   about 1 ms per card. For a tree of plain JSON types its result is an exact copy, so
   `serialize_object` copies such trees directly and leaves anything else to msrest.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

import msrest
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.serialization import Serializer
from msrest.universal_http.requests import ClientRetryPolicy

from bot.auth_wrapper import ForwardingAuthentication

log = logging.getLogger(__name__)

MSREST_VERSION_PATCHED = "0.7.1"  # re-check the patch (and tests/perf/) when msrest changes
MAX_CLIENTS = 64  # service URLs come from activities; bound what a stream of odd ones can pin in memory

V = TypeVar("V")


def patch_msrest_retry_policy() -> bool:
    """Make the retry policy's membership test a set lookup. True if this call changed anything."""
    codes = ClientRetryPolicy.__dict__.get("safe_codes")
    if isinstance(codes, frozenset):
        return False
    if not isinstance(codes, list) or not all(isinstance(code, int) for code in codes):
        log.warning("msrest %s: ClientRetryPolicy.safe_codes is not the list this patch expects; left alone",
                    msrest.__version__)
        return False
    ClientRetryPolicy.safe_codes = frozenset(codes)
    return True


class _NotPlain(Exception):
    pass


def plain_json_copy(value: object) -> object:
    """A copy of a tree of exactly dict (str keys), list, str, int, float, bool and None; raises
    _NotPlain on anything else (enums, models, dates, tuples), which msrest must convert itself."""
    kind = type(value)
    if kind is dict:
        copied = {}
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                raise _NotPlain
            copied[key] = plain_json_copy(item)
        return copied
    if kind is list:
        return [plain_json_copy(item) for item in value]  # type: ignore[attr-defined]
    if kind in (str, int, float, bool) or value is None:
        return value
    raise _NotPlain


ORIGINAL_SERIALIZE_OBJECT = getattr(Serializer.serialize_object, "msrest_original", Serializer.serialize_object)


def _serialize_object(self: Serializer, attr: object, **kwargs: object) -> object:
    if type(attr) in (dict, list) and not kwargs.get("is_xml") and not kwargs.get("basic_types_serializers"):
        try:
            return plain_json_copy(attr)
        except _NotPlain:
            pass
    return ORIGINAL_SERIALIZE_OBJECT(self, attr, **kwargs)


_serialize_object.msrest_original = ORIGINAL_SERIALIZE_OBJECT  # type: ignore[attr-defined]


def patch_msrest_serialize_object() -> bool:
    """Copy plain JSON trees directly. True if this call changed anything."""
    if hasattr(Serializer.serialize_object, "msrest_original"):
        return False
    Serializer.serialize_object = _serialize_object
    return True


MSREST_PATCHED = patch_msrest_retry_policy() or isinstance(ClientRetryPolicy.__dict__.get("safe_codes"), frozenset)
patch_msrest_serialize_object()


class _Bounded(OrderedDict):
    """A small LRU map: the least recently used entry goes when it is full."""

    async def get_or_make(self, key: object, make: Callable[[], Awaitable[V]]) -> V:
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = await make()
        self[key] = value
        while len(self) > MAX_CLIENTS:
            self.popitem(last=False)
        return value


def _app_id(claims_identity: ClaimsIdentity | None) -> str:
    """The bot app id botbuilder derives credentials from (audience claim, else appid claim)."""
    if claims_identity is None:
        return ""
    return (claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
            or claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM) or "")


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, app_id: str, clients: _Bounded) -> None:
        self._inner = inner
        self._app_id = app_id
        self._clients = clients

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:  # noqa: RUF013 (botbuilder's signature)
        key = (self._app_id, service_url, audience)
        return await self._clients.get_or_make(key, lambda: self._inner.create(service_url, audience))


class ReusingAuthentication(ForwardingAuthentication):
    """Wraps botbuilder's authentication; authenticates exactly as before, but reuses clients."""

    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        super().__init__(inner)
        self._connectors: _Bounded = _Bounded()
        self._token_clients: _Bounded = _Bounded()

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _ReusingConnectorFactory(
                result.connector_factory, _app_id(result.claims_identity), self._connectors)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = self._inner.create_connector_factory(claims_identity)
        return _ReusingConnectorFactory(inner, _app_id(claims_identity), self._connectors)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self._token_clients.get_or_make(
            _app_id(claims_identity), lambda: self._inner.create_user_token_client(claims_identity))
