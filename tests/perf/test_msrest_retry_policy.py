"""The msrest retry-policy fix (bot/perf.py) still applies, and retries exactly what msrest retried.

If msrest is upgraded, the first test fails on purpose: read the new ClientRetryPolicy, check the
patch still fits (or is no longer needed), then move MSREST_VERSION_PATCHED.
"""

from __future__ import annotations

import msrest
from msrest.universal_http.requests import ClientRetryPolicy, RequestHTTPSenderConfiguration

import app  # noqa: F401  (the composition root imports the edge, which applies the patch)
from bot import perf

# msrest 0.7.1: every code below 500 except 408 is safe, and so are 501 and 505; the rest are retried.
RETRIED = [408, 500, 502, 503, 504, *range(506, 999)]


def test_the_patched_msrest_is_the_one_installed() -> None:
    assert msrest.__version__ == perf.MSREST_VERSION_PATCHED


def test_importing_the_bot_edge_applies_the_patch() -> None:
    assert perf.MSREST_PATCHED
    assert isinstance(ClientRetryPolicy.__dict__["safe_codes"], frozenset)


def test_applying_it_again_changes_nothing() -> None:
    before = ClientRetryPolicy.safe_codes
    assert perf.patch_msrest_retry_policy() is False
    assert ClientRetryPolicy.safe_codes is before


def test_the_same_status_codes_are_retried_as_before() -> None:
    policy = ClientRetryPolicy().policy
    assert list(policy.status_forcelist) == RETRIED
    assert (policy.total, policy.connect, policy.read, policy.backoff_factor) == (3, 3, 3, 0.8)


def test_a_client_configuration_gets_the_same_retry_policy() -> None:
    configured = RequestHTTPSenderConfiguration().retry_policy
    assert list(configured.policy.status_forcelist) == RETRIED
    assert configured.retries == 3


def test_plain_card_json_serializes_exactly_as_msrest_does() -> None:
    from botbuilder.schema import Activity, Attachment
    from msrest.serialization import Serializer

    from bot.attachments import card_activity
    from cards.messages import help_card
    from tickets.model import Priority

    card = help_card("What I can do", [("status INC-000042", "Where a ticket stands"), ("help", "This list")])
    card["extra"] = {"n": 1, "x": 1.5, "flag": True, "none": None, "list": [1, "two", [3.0]]}
    serializer = Serializer({"Activity": Activity, "Attachment": Attachment})
    assert Serializer.serialize_object is not perf.ORIGINAL_SERIALIZE_OBJECT
    assert serializer.serialize_object(card) == perf.ORIGINAL_SERIALIZE_OBJECT(serializer, card)
    odd = {"priority": Priority.HIGH, "pair": (1, 2), 3: "number key"}  # msrest converts these itself
    assert serializer.serialize_object(odd) == perf.ORIGINAL_SERIALIZE_OBJECT(serializer, odd)
    activity = card_activity(card)
    assert serializer.body(activity, "Activity")["attachments"][0]["content"] == card
    assert perf.patch_msrest_serialize_object() is False
