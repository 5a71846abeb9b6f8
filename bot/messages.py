"""What the bot says in chat, in one place."""

from __future__ import annotations

from tickets.model import Event, Ticket

WELCOME_PERSONAL = (
    "Hi, I'm the IT service desk. Tell me what's wrong in a sentence, or type **help** to see what I can do."
)
WELCOME_TEAM = (
    "Thanks for adding the service desk. This team is now the technicians' team and this channel receives "
    "new tickets. Type **@{bot} queue here** in another channel to move the queue there."
)
OTHER_TEAM_BOUND = (
    "This desk already has a technicians' team. Ask your IT admin if the desk should move to this team."
)
QUEUE_MOVED = "New tickets for the **{queue}** queue will be posted in this channel."
NOT_IN_TEAM = "Only the technicians' team can take tickets; this channel is not part of it."
FORM_STILL_OPEN = "Your ticket form is above: fill it in and press **Submit**, or type **cancel** to leave it."
FORM_CANCELLED = "Okay, I've put that form away. Nothing was submitted."
NO_FORM = "There's no form open. Type **new** to open a ticket."
NEED_REFERENCE = "Tell me which ticket, for example **status INC-000042**."
NOT_A_TECHNICIAN = "Only technicians can do that."
NO_TEAM_YET = "The technicians' team hasn't been set up yet: add me to the IT team first."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Your data is safe; please try again in a minute."
CANCELLED_TICKET = "{reference} is cancelled. Thanks for letting us know."


def requester_update(ticket: Ticket, event: Event) -> str | None:
    """The 1:1 line the requester gets for a public event, or None when they need not hear of it."""
    who = event.actor.name if event.actor else "The desk"
    ref = f"**{ticket.reference}** ({ticket.summary})"
    lines = {
        "claimed": f"{who} picked up {ref} and is on it.",
        "assigned": f"{ref} is now with {ticket.assignee.name if ticket.assignee else 'a technician'}.",
    }
    return lines.get(event.kind)
