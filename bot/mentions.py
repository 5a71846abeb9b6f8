"""The message text without the bot's @mention, whatever the entities look like.

botbuilder's `TurnContext.remove_recipient_mention` raises on a mention entity without `mentioned`,
with `mentioned` not an object, on an entity without a type, and on a message without text; any
client can send those. This one removes the mention literally and ignores what it cannot read.
"""

from __future__ import annotations

from botbuilder.schema import Activity


def text_without_bot_mention(activity: Activity) -> str:
    text = activity.text if isinstance(activity.text, str) else ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if not isinstance(entity.type, str) or entity.type.lower() != "mention":
            continue
        extra = entity.additional_properties or {}
        mentioned = extra.get("mentioned")
        if not isinstance(mentioned, dict) or mentioned.get("id") != bot_id:
            continue
        tag = extra.get("text")
        if not isinstance(tag, str) or not tag:
            tag = f"<at>{mentioned.get('name')}</at>" if isinstance(mentioned.get("name"), str) else ""
        if tag:
            text = text.replace(tag, "")
    return text
