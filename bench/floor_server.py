"""The protocol floor: a bare aiohttp handler that answers an activity by posting the reply."""

from __future__ import annotations

import asyncio

from aiohttp import ClientSession, web

from bench.serve import serve, server_args


def floor_app() -> web.Application:
    sessions: list[ClientSession] = []

    async def messages(request: web.Request) -> web.Response:
        activity = await request.json()
        if activity.get("type") == "message":
            conversation = activity["conversation"]
            reply = {
                "type": "message", "text": f"Echo: {activity.get('text', '')}", "replyToId": activity["id"],
                "from": activity["recipient"], "recipient": activity["from"], "conversation": conversation,
                "channelId": activity["channelId"], "serviceUrl": activity["serviceUrl"],
            }
            url = f"{activity['serviceUrl'].rstrip('/')}/v3/conversations/{conversation['id']}/activities/{activity['id']}"
            async with sessions[0].post(url, json=reply) as answer:
                answer.raise_for_status()
        return web.Response(status=200)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def open_session(app: web.Application) -> None:
        sessions.append(ClientSession())

    async def close_session(app: web.Application) -> None:
        await sessions[0].close()

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.on_startup.append(open_session)
    app.on_cleanup.append(close_session)
    return app


if __name__ == "__main__":
    arguments = server_args("protocol floor").parse_args()
    asyncio.run(serve(floor_app(), arguments.port, arguments.max_seconds))
