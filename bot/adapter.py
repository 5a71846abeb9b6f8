"""The HTTP edge in front of Bot Framework's CloudAdapter.

botbuilder 4.17.1 answers 500 to bodies it cannot read and to every invoke (it serializes the invoke
body twice); this adapter checks requests first (4xx with a reason) and serializes invoke answers
once. See STACK.md.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from botframework.connector.auth import BotFrameworkAuthentication
from msrest.serialization import Model

from bot.auth_guard import GuardedAuthentication

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Teams activities are far smaller; larger bodies are refused
MAX_DEPTH = 64  # nesting of objects and lists; Teams activities (cards included) stay far below it
TURN_TYPES = ("message", "invoke", "conversationUpdate")  # the bot answers these through the connector
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _bad_request(reason: str, status: int = 400) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _plain_json(body: object) -> object:
    """Invoke bodies arrive either as msrest models or as already-serialized dicts."""
    if isinstance(body, Model):
        return body.serialize()
    return body


class DeskAdapter(CloudAdapter):
    def __init__(self, authentication: BotFrameworkAuthentication) -> None:
        super().__init__(GuardedAuthentication(authentication))  # junk tokens refused, validation time-bound

    async def process(self, request: web.Request, bot: Bot, ws_response: object = None) -> web.Response:
        if request.method != "POST":
            return _bad_request("Only POST is accepted here.", 405)
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _bad_request("Send the activity as application/json.", 415)
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return _bad_request("The activity is too large.", 413)
        raw = await request.content.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            return _bad_request("The activity is too large.", 413)
        try:
            body = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _bad_request("The body is not valid JSON.")
        except RecursionError:  # '[[[[...' deeper than the parser's stack
            return _bad_request("The body is nested too deeply.")
        if _too_deep(body):
            return _bad_request("The body is nested too deeply.")
        if _SURROGATE_ESCAPE.search(raw) and not _encodable(body):
            return _bad_request("The body has text that is not valid Unicode (a lone surrogate).")
        problem = _activity_problem(body)
        if problem:
            return _bad_request(problem)
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several types for ill-typed fields
            return _bad_request("The activity has fields of the wrong type.")

        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except PermissionError:
            return _bad_request("Not authorized.", 401)
        except Exception:
            if auth_header:  # a token the authentication could not read
                log.info("rejected a request whose Authorization header could not be validated")
                return _bad_request("Not authorized.", 401)
            raise
        if invoke_response:
            return web.json_response(data=_plain_json(invoke_response.body), status=invoke_response.status)
        return web.Response(status=201)


def _too_deep(body: object) -> bool:
    """Deeper than MAX_DEPTH (walked without recursion): later recursive code must not hit the stack limit."""
    level: list[object] = [body]
    for _ in range(MAX_DEPTH):
        level = [child for node in level
                 for child in (node.values() if isinstance(node, dict) else node if isinstance(node, list) else ())]
        if not level:
            return False
    return True


def _encodable(body: object) -> bool:
    """JSON may escape half a surrogate pair; such text cannot be sent on, stored as UTF-8 or put in a URL."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_http_url(value: object) -> bool:
    """The connector the bot answers through: an http(s) URL with a host, nothing else."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _turn_problem(body: dict) -> str | None:
    """What the bot needs to answer a message, an invoke or a conversation update."""
    if not isinstance(body.get("conversation"), dict):
        return "The activity has no conversation."
    if not isinstance(body["conversation"].get("id"), str) or not body["conversation"]["id"]:
        return "The activity's conversation has no id."
    if not _is_http_url(body.get("serviceUrl")):
        return "The activity has no serviceUrl (an http or https URL)."
    if not isinstance(body.get("channelId"), str) or not body["channelId"].strip():
        return "The activity has no channelId."
    for name in ("from", "recipient"):
        if not isinstance(body.get(name), dict) or not isinstance(body[name].get("id"), str):
            return f"The activity's '{name}' must be an object with an id."
    return None


def _activity_problem(body: object) -> str | None:
    """Why this JSON is not an activity we can process, or None."""
    if not isinstance(body, dict):
        return "The body must be a JSON object (an activity)."
    if not isinstance(body.get("type"), str) or not body["type"].strip():
        return "The activity has no type."
    for name in ("from", "recipient", "conversation"):
        if name in body and not isinstance(body[name], dict):
            return f"The activity's '{name}' must be an object."
    if "channelData" in body and not isinstance(body["channelData"], dict):
        return "The activity's 'channelData' must be an object."
    if "entities" in body and not isinstance(body["entities"], list):
        return "The activity's 'entities' must be a list."
    for name in ("text", "id", "replyToId", "name", "locale"):  # msrest would turn an object into its repr
        if body.get(name) is not None and not isinstance(body[name], str):
            return f"The activity's '{name}' must be a string."
    if body["type"] in TURN_TYPES:
        return _turn_problem(body)
    return None
