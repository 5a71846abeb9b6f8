"""Help and one-line messages."""

from __future__ import annotations

from cards.elements import Element, card, facts, heading, text_block

TONES = ("default", "attention", "good", "warning")


def help_card(title: str, entries: list[tuple[str, str]]) -> Element:
    """`entries` are (usage, description) pairs; the bot passes them from its command table."""
    return card([heading(title), facts([(usage, description) for usage, description in entries])])


def message_card(text: str, *, tone: str = "default") -> Element:
    """A refusal (`attention`), a success (`good`) or plain information."""
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}; use one of {', '.join(TONES)}")
    block = text_block(text)
    if tone != "default":
        block["color"] = tone
    return card([block])
