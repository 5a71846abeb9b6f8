"""Every card is checked against the official Adaptive Card 1.5 schema that sits beside the repo."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO.parent / "shared" / "schemas" / "adaptive-card-1.5.json"


@pytest.fixture(scope="session")
def card_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-06 per its "$schema"
    validator_class.check_schema(schema)
    return validator_class(schema)


@pytest.fixture
def assert_valid_card(card_validator: jsonschema.protocols.Validator) -> Callable[[dict[str, Any]], None]:
    def check(card: dict[str, Any]) -> None:
        errors = sorted(card_validator.iter_errors(card), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors)
        assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
        json.dumps(card)  # plain JSON, nothing a serializer has to guess about

    return check
