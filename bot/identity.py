"""Who sent an activity, in domain terms."""

from __future__ import annotations

from botbuilder.schema import Activity

from tickets.model import Person


def person_from_activity(activity: Activity) -> Person:
    """Entra object id when Teams gives one (it does for every signed-in user), else the channel id."""
    sender = activity.from_property
    person_id = (sender.aad_object_id or sender.id or "") if sender else ""
    return Person(id=person_id, name=(sender.name if sender and sender.name else "Someone"))


def channel_user_id(activity: Activity) -> str:
    """The Teams user id (29:...), which the Connector's member APIs and mentions take."""
    return activity.from_property.id if activity.from_property and activity.from_property.id else ""
