"""A lean fake Bot Connector for the bench (the shape of tests/fakes/connector.py, counting only).

It answers sends, replies, updates, new conversations (channel posts) and the members API for the
technicians' team; `/_bench/stats` counts what each kind received and `/_bench/last/{cid}` returns
the last activity sent into a conversation, so the bench can check that the bots did the real work.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter

from aiohttp import web

from bench.people import TEAM_ID, team_members
from bench.serve import serve, server_args


def connector_app() -> web.Application:
    ids = itertools.count(1000)
    counts: Counter[str] = Counter()
    last: dict[str, dict] = {}
    members = {TEAM_ID: team_members()}

    def record(kind: str, conversation_id: str, body: dict, answer: dict) -> web.Response:
        counts[kind] += 1
        if len(last) > 10_000:
            last.clear()
        last[conversation_id] = body
        return web.json_response(answer)

    async def send(request: web.Request) -> web.Response:
        return record("send", request.match_info["cid"], await request.json(), {"id": str(next(ids))})

    async def reply(request: web.Request) -> web.Response:
        return record("reply", request.match_info["cid"], await request.json(), {"id": str(next(ids))})

    async def update(request: web.Request) -> web.Response:
        return record("update", request.match_info["cid"], await request.json(), {"id": request.match_info["aid"]})

    async def create(request: web.Request) -> web.Response:
        body = await request.json()
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id", "")
        activity_id = str(next(ids))
        conversation_id = f"{channel};messageid={activity_id}"
        return record("create", conversation_id, body.get("activity") or {},
                      {"id": conversation_id, "activityId": activity_id})

    async def member(request: web.Request) -> web.Response:
        counts["member"] += 1
        for found in members.get(request.match_info["cid"], []):
            if request.match_info["uid"] in (found["id"], found.get("aadObjectId")):
                return web.json_response(found)
        return web.json_response(
            {"error": {"code": "MemberNotFoundInConversation", "message": "The member is not in the conversation"}},
            status=404)

    async def paged_members(request: web.Request) -> web.Response:
        counts["members"] += 1
        return web.json_response({"members": members.get(request.match_info["cid"], [])})

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(dict(counts))

    async def last_in(request: web.Request) -> web.Response:
        return web.json_response(last.get(request.match_info["cid"], {}))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_post("/v3/conversations", create)
    app.router.add_post("/v3/conversations/{cid}/activities", send)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", reply)
    app.router.add_put("/v3/conversations/{cid}/activities/{aid}", update)
    app.router.add_get("/v3/conversations/{cid}/members/{uid}", member)
    app.router.add_get("/v3/conversations/{cid}/pagedmembers", paged_members)
    app.router.add_get("/_bench/stats", stats)
    app.router.add_get("/_bench/last/{cid}", last_in)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    arguments = server_args("fake Bot Connector").parse_args()
    asyncio.run(serve(connector_app(), arguments.port, arguments.max_seconds))
