"""Cards here are checked with the card tests' own schema fixtures."""

from tests.cards.conftest import assert_valid_card, card_validator  # noqa: F401
