"""Help and one-line messages."""

from __future__ import annotations

import pytest

from bot.commands import Scope, commands_for
from cards import help_card, message_card
from tests.cards.builders import all_text


def test_help_lists_every_command_with_its_description():
    entries = [(c.usage, c.description) for c in commands_for(Scope.PERSONAL)]
    card = help_card("What I can do", entries)
    facts = [n for n in card["body"] if n["type"] == "FactSet"][0]["facts"]
    assert [(f["title"], f["value"]) for f in facts] == entries
    assert "What I can do" in all_text(card)


@pytest.mark.parametrize(("tone", "color"), [("attention", "attention"), ("good", "good"), ("default", None)])
def test_a_message_card_carries_its_tone(tone, color):
    block = message_card("Only technicians can claim tickets.", tone=tone)["body"][0]
    assert block["text"] == "Only technicians can claim tickets." and block.get("color") == color


def test_an_unknown_tone_is_refused():
    with pytest.raises(ValueError, match="tone"):
        message_card("Hi", tone="shouty")
