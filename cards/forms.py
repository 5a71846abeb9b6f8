"""Inputs labelled, placed and validated the same way on every form (intake, ticket actions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cards import text
from cards.elements import Element, card, execute


def choices(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """(value, title) pairs as Input.Choice entries."""
    return [{"title": title, "value": value} for value, title in pairs]


def field_input(field: str, kind: str, values: Mapping[str, str] | None = None, **props: Any) -> Element:
    """An input whose label, placeholder and required message come from text.py by its id."""
    element: Element = {"type": kind, "id": field, "label": text.LABELS[field], **props}
    if field in text.PLACEHOLDERS:
        element["placeholder"] = text.PLACEHOLDERS[field]
    if field in text.REQUIRED_MESSAGES:
        element["isRequired"] = True
        element["errorMessage"] = text.REQUIRED_MESSAGES[field]
    if values and values.get(field):
        element["value"] = values[field]
    return element


def nested_card(body: list[Element], actions: list[Element]) -> Element:
    """The card inside an Action.ShowCard; it inherits the root's schema and version."""
    nested = card(body, actions)
    del nested["$schema"]
    return nested


def show_form(title: str, inputs: list[Element], submit: Element, *, style: str = "default") -> Element:
    """A button that opens `inputs` under the card with `submit` below them. The submit sends the
    inputs of its own form only (associatedInputs auto), so other forms' required fields never block it."""
    return {"type": "Action.ShowCard", "title": title, "card": nested_card(inputs, [submit]), "style": style}


def form_submit(title: str, verb: str, data: dict[str, str], **extra: Any) -> Element:
    return execute(title, verb, data, associatedInputs="auto", **extra)
