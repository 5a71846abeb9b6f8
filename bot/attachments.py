"""Activities that carry Adaptive Cards."""

from __future__ import annotations

from botbuilder.schema import Activity, ActivityTypes, Attachment

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def card_attachment(card: dict) -> Attachment:
    return Attachment(content_type=CARD_CONTENT_TYPE, content=card)


def card_activity(card: dict, activity_id: str | None = None, summary: str = "") -> Activity:
    return Activity(type=ActivityTypes.message, id=activity_id, attachments=[card_attachment(card)],
                    summary=summary or None)


def text_activity(text: str, plain: bool = False) -> Activity:
    """`plain` for lines that quote what people typed, so their text is never read as markdown."""
    return Activity(type=ActivityTypes.message, text=text, text_format="plain" if plain else "markdown")
