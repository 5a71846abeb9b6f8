"""The HTTP edge in front of Bot Framework's CloudAdapter.

botbuilder 4.17.1 answers 500 to bodies it cannot read and to every invoke (it serializes the invoke
body twice); this adapter checks requests first (4xx with a reason) and serializes invoke answers
once. See STACK.md.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.serialization import Model

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # Teams activities are far smaller; larger bodies are refused


def _bad_request(reason: str, status: int = 400) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _plain_json(body: object) -> object:
    """Invoke bodies arrive either as msrest models or as already-serialized dicts."""
    if isinstance(body, Model):
        return body.serialize()
    return body


class DeskAdapter(CloudAdapter):
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
    if "text" in body and body["text"] is not None and not isinstance(body["text"], str):
        return "The activity's 'text' must be a string."
    if body["type"] in ("message", "invoke") and not isinstance(body.get("conversation"), dict):
        return "The activity has no conversation."
    if body["type"] in ("message", "invoke") and not isinstance(body.get("serviceUrl"), str):
        return "The activity has no serviceUrl."
    return None
