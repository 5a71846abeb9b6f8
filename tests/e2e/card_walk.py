"""Finding parts of a card the way a client renders them: anywhere in the tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator


def nodes(card: object, keep: Callable[[dict], bool]) -> Iterator[dict]:
    """Every dict in the card (body, actions, ShowCards, containers) for which `keep` is true."""
    if isinstance(card, dict):
        if keep(card):
            yield card
        for value in card.values():
            yield from nodes(value, keep)
    elif isinstance(card, list):
        for value in card:
            yield from nodes(value, keep)
