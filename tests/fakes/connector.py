"""A fake Bot Connector service on 127.0.0.1: records what the bot sends and answers the members API
the way Teams does (404 MemberNotFoundInConversation for someone outside the conversation)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Sent:
    kind: str  # "send", "reply", "update", "create"
    conversation_id: str
    activity_id: str
    body: dict

    @property
    def text(self) -> str:
        return self.body.get("text") or ""

    @property
    def card(self) -> dict | None:
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment.get("content")
        return None


@dataclass
class FakeConnector:
    members: dict[str, list[dict]] = field(default_factory=dict)  # conversation/team id -> members
    sent: list[Sent] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    server: TestServer | None = None
    down: bool = False  # while True every send, reply, update and create answers 403, as an outage would

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._reply)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_get("/v3/conversations/{cid}/members/{uid}", self._member)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.close()

    def in_conversation(self, conversation_id: str) -> list[Sent]:
        return [s for s in self.sent if s.conversation_id == conversation_id]

    def clear(self) -> None:
        self.sent.clear()

    def _record(self, kind: str, conversation_id: str, activity_id: str, body: dict) -> web.Response:
        if self.down:
            return web.json_response({"error": {"code": "ServiceError", "message": "down"}}, status=403)
        self.sent.append(Sent(kind, conversation_id, activity_id, body))
        return web.json_response({"id": activity_id})

    async def _send(self, request: web.Request) -> web.Response:
        return self._record("send", request.match_info["cid"], str(next(self._ids)), await request.json())

    async def _reply(self, request: web.Request) -> web.Response:
        return self._record("reply", request.match_info["cid"], str(next(self._ids)), await request.json())

    async def _update(self, request: web.Request) -> web.Response:
        return self._record("update", request.match_info["cid"], request.match_info["aid"], await request.json())

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.down:
            return web.json_response({"error": {"code": "ServiceError", "message": "down"}}, status=403)
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id", "")
        activity_id = str(next(self._ids))
        conversation_id = f"{channel};messageid={activity_id}"
        self.sent.append(Sent("create", conversation_id, activity_id, body.get("activity") or {}))
        return web.json_response({"id": conversation_id, "activityId": activity_id})

    async def _member(self, request: web.Request) -> web.Response:
        for member in self.members.get(request.match_info["cid"], []):
            if request.match_info["uid"] in (member["id"], member.get("aadObjectId")):
                return web.json_response(member)
        return web.json_response(
            {"error": {"code": "MemberNotFoundInConversation", "message": "The member is not in the conversation"}},
            status=404)

    async def _paged_members(self, request: web.Request) -> web.Response:
        return web.json_response({"members": self.members.get(request.match_info["cid"], [])})
