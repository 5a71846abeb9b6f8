"""A stock echo bot on the same stack: CloudAdapter + ActivityHandler, as the Bot Framework samples.

It must not import bot/ (or app.py): the desk's msrest fix is process-global, and this is the
baseline without it.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.core.integration import aiohttp_error_middleware
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bench.serve import serve, server_args


class DefaultConfig:
    """Auth off, as the desk runs in the bench."""

    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


def echo_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(DefaultConfig()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[aiohttp_error_middleware])
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    arguments = server_args("stock echo bot").parse_args()
    asyncio.run(serve(echo_app(), arguments.port, arguments.max_seconds))
