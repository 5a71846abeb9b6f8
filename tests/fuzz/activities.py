"""Seeded generators of hostile and broken /api/messages requests.

Every case starts from a valid Teams-shaped activity (message, Action.Execute invoke,
conversationUpdate, Action.Submit) and is mutated: keys deleted, values of the wrong type, huge or
odd text, unknown invoke names, card data tampered with (other tickets, other verbs, inputs of the
wrong type, intake ids of other people). Senders are never a technician or a requester of the
tickets under attack, so the only change such a request may make to an existing ticket is an
internal 'refused' event.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from bot.card_actions import TECHNICIAN_VERBS
from tests.e2e import teams
from tests.e2e.test_spine import GOOD_FORM

MALLORY = teams.User("29:mallory", "aad-mallory", "Mallory Outsider")
EVE = teams.User("29:eve", "aad-eve", "Eve Outsider")
ATTACKERS = (MALLORY, EVE)

VERBS = [*TECHNICIAN_VERBS, "intake.submit", "intake.cancel", "ticket.refresh", "ticket.confirm",
         "ticket.still_broken", "ticket.delete", "admin.grant", "", "TICKET.CLAIM", "ticket.claim ", "intake.submit\x00"]
INVOKE_NAMES = ["adaptiveCard/action", "task/fetch", "composeExtension/query", "signin/verifyState",
                "fileConsent/invoke", "actionableMessage/executeAction", "", "adaptivecard/action", "x" * 300]
TEXTS = ["help", "new", "status INC-000001", "/status INC-000002", "cancel INC-000001", "/cancel REQ-000001",
         "reply INC-000001 let me in", "/mytickets", "queue", "queue here default", "/note hi",
         "status INC-0000000000000000000000001", "status ../../etc/passwd", "status INC-\x00001",
         "status %s" % ("9" * 400), "my laptop is broken", "", "   ", "\u202e\u0000\u200b", "\ud800", "🙂" * 500]
MENTIONS = [[{"type": "mention"}], [{"type": "mention", "mentioned": "x"}], [{"text": "x"}], [{"type": None}],
            [{"type": "mention", "mentioned": teams.BOT, "text": "<at>(a|aa)+$</at>"}], [{"type": "MENTION"}],
            [{"type": "mention", "mentioned": teams.BOT}], [{"type": "mention", "mentioned": {"id": None}, "text": 5}],
            [{"type": "mention", "mentioned": teams.BOT, "text": ""}, "mention", None, 3]]
REFERENCES = ["INC-000001", "INC-000002", "INC-000003", "REQ-000001", "CHG-000002", "inc-1", " INC-000001 ",
              "INC-1", "INC-999999", "INC--1", "INC-0", "#1", "1", "", "INC-000001\x00", "INC-٠٠٠٠٠١"]


def junk(rng: random.Random, depth: int = 0) -> object:
    """Any JSON value, including nested and odd ones."""
    choice = rng.randrange(12 if depth < 3 else 8)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2**63, 2**70, 1.5, -0.0, 1e308])
    if choice == 3:
        return rng.choice(["", " ", "\x00", "\ud800\udfff", "\ud800", "null", "{}", "<at>x</at>", "a" * 5000])
    if choice in (4, 5, 6, 7):
        return rng.choice(TEXTS + REFERENCES)
    if choice in (8, 9):
        return [junk(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["id", "type", "name", "text", "value", "data", "verb", "ticket", "\x00", ""]):
            junk(rng, depth + 1) for _ in range(rng.randrange(4))}


def junk_account(rng: random.Random) -> object:
    """A sender that is nobody in particular: never a technician's or requester's id."""
    return rng.choice([
        None, {}, "me", [], {"id": None}, {"id": 7}, {"id": "", "aadObjectId": ""},
        {"id": "29:" + "x" * 2000, "name": "\x00"}, {"id": "29:ghost", "aadObjectId": {"$ne": ""}},
        {"id": "\ud800", "name": "🙂", "aadObjectId": "\u202e"}, junk(rng),
    ])


def tampered_data(rng: random.Random, user: teams.User) -> dict:
    if rng.random() < 0.1:  # a complete form under someone else's intake id: a new ticket of one's own
        return {**GOOD_FORM, "intake_id": rng.choice(["alice-form-1", "alice-form-2", "bob-form-1"])}
    data: dict = {}
    if rng.random() < 0.8:
        data["ticket"] = rng.choice([*REFERENCES, 1, None, ["INC-000001"], {"ticket": "INC-000001"}])
    if rng.random() < 0.4:  # the intake form, often someone else's intake id
        data.update({"intake_id": rng.choice(["alice-form-1", "bob-form-1", "", None, 42, "x" * 500]),
                     "type": rng.choice(["incident", "service_request", "change", "root", 3]),
                     "category": rng.choice(["Hardware", "Security", "Nope", None]),
                     "summary": rng.choice(["Printer on fire", "", "\x00", "s" * 5000, ["list"]]),
                     "impact": rng.choice(["high", "low", "max", None]),
                     "urgency": rng.choice(["high", "medium", {"x": 1}])})
    for name in rng.sample(["assignee", "pending_on", "priority", "note_text", "reply_text", "resolution",
                            "escalate_queue", "escalate_reason", "reopen_reason", "still_broken_reason",
                            "fix_category", "priority_reason"], rng.randrange(4)):
        data[name] = rng.choice(["aad-tess", "aad-mallory", "critical", "requester", "vendor", "default",
                                 "access", "../default", None, 12, ["x"], {"a": "b"}, "z" * 10000])
    return data


def _conversation(rng: random.Random, user: teams.User) -> tuple[dict, dict]:
    if rng.random() < 0.7:
        return teams.personal_conversation(user), {}
    channel = rng.choice([teams.TEAM_ID, teams.OTHER_CHANNEL, "19:elsewhere@thread.tacv2"])
    return teams.channel_conversation(channel), teams.channel_data(channel, rng.choice([teams.TEAM_ID, "19:evil"]))


def valid_activity(rng: random.Random, url: str, threads: list[str]) -> dict:
    """A well-formed activity from an attacker: it may be refused, never obeyed."""
    user = rng.choice(ATTACKERS)
    kind = rng.randrange(6)
    if kind == 0:
        return teams.personal_message(url, user, rng.choice(TEXTS))
    if kind == 1:
        thread = rng.choice(threads) if threads and rng.random() < 0.5 else None
        return teams.channel_message(url, user, rng.choice(TEXTS), thread=thread)
    if kind == 2:
        return teams.form_post(url, user, tampered_data(rng, user) | {"intake_id": "alice-form-1"})
    if kind == 3:
        return rng.choice([teams.bot_added_to_team(url, user, team="19:evil-team"),
                           teams.bot_installed_personally(url, user)])
    conversation, channel = _conversation(rng, user)
    return teams.card_action(url, user, rng.choice(VERBS), tampered_data(rng, user), conversation, channel)


def mutate(rng: random.Random, activity: dict) -> dict:
    """One to three structural mutations of an activity."""
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(list(activity) or ["type"])
        move = rng.randrange(10)
        if move == 0:
            activity.pop(key, None)
        elif move == 1:
            activity[key] = junk(rng)
        elif move == 2:
            activity[rng.choice(["from", "recipient"])] = junk_account(rng)
        elif move == 3 and rng.random() < 0.4:
            activity["entities"] = rng.choice(MENTIONS)
            activity["text"] = rng.choice([None, "a" * 40 + "!", "<at>ServiceDesk</at> queue", 7])
        elif move == 3:
            activity[rng.choice(["conversation", "channelData", "entities", "value", "membersAdded"])] = junk(rng)
        elif move == 4:
            activity["name"] = rng.choice(INVOKE_NAMES)
            activity["type"] = rng.choice(["invoke", "message", "event", "conversationUpdate", "typing", "x"])
        elif move == 5:
            activity["text"] = rng.choice(["x" * 1_000_000, "\x00" * 1000, "\ud83d" * 100, "é" * 60_000])
        elif move == 6 and isinstance(activity.get("value"), dict):
            action = activity["value"].get("action")
            if isinstance(action, dict):
                action[rng.choice(["type", "verb", "data", "id"])] = junk(rng)
        elif move == 7:
            activity["serviceUrl"] = rng.choice([None, 5, "", "not a url", "file:///etc/passwd", "http://[::1",
                                                 "http://127.0.0.1:99999/", "https://", "ftp://x/"])
        elif move == 8:
            activity[rng.choice(["timestamp", "locale", "channelId", "localTimezone"])] = junk(rng)
        else:  # ids the connector gets back in URLs (the fake connector's router refuses braces)
            activity[rng.choice(["replyToId", "id"])] = rng.choice([None, "", 7, "x" * 3000, "\x00", "../..", "🙂"])
    return activity


@dataclass(frozen=True)
class Case:
    body: bytes
    content_type: str = "application/json"
    authorization: str | None = None


AUTH_HEADERS = [None, None, None, "Bearer junk", "Bearer", "Basic YTpi", "Bearer a.b.c", "Bearer \u00e9", "Bearer " + "A" * 8000,
                "Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0."]


def case(rng: random.Random, url: str, threads: list[str]) -> Case:
    """One request: mostly mutated activities, some raw junk bodies and odd headers."""
    roll = rng.random()
    if roll < 0.05:
        raw = rng.choice([b"", b"{", b"[]", b"null", b"\xff\xfe\x00", b'{"type": "message"}' * 3,
                          json.dumps(junk(rng)).encode(), b"[" * 100_000, b'{"a":' * 50_000])
        return Case(raw, rng.choice(["application/json", "text/plain", "application/json; charset=latin-1"]))
    activity = valid_activity(rng, url, threads)
    if roll < 0.85:
        activity = mutate(rng, activity)
    body = json.dumps(activity).encode()
    authorization = rng.choice(AUTH_HEADERS) if rng.random() < 0.1 else None
    return Case(body, authorization=authorization)
