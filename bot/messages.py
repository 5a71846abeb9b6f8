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
UNKNOWN_QUEUE = "There is no queue called {queue}. Queues: {known}."
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


REPLY_WHICH_TICKET = (
    "Which ticket is this about? Several are waiting for your answer: {references}. "
    "Answer with **reply INC-000042 your message**, or reply to the bot's message about that ticket."
)
REPLY_NOTED = "Thanks, I've added that to **{reference}**."
CONFIRMED = "Great, {reference} is closed. Thanks for confirming."
REOPENED_BY_REQUESTER = "Sorry it's still not right. {reference} is reopened and your technician has been told."
NEED_KB_QUERY = "Tell me what to look for, for example **kb vpn keeps dropping**."
GLAD_IT_HELPED = "Glad that sorted it! No ticket needed. Message me any time."
DRAFT_SAVED = "Draft article '{title}' saved from {reference}; an admin can publish it from the card in the thread."
PUBLISHED = "Published: '{title}' is now in the knowledge base."
EXPORT_READY = "Your export for the last {days} days is ready (the links work for 15 minutes):\n\n{links}"
NOT_YOUR_THREAD = "Only technicians can work tickets here."
THREAD_REPLY_SENT = "Sent to {name}."
NOTE_SAVED = "Internal note saved on {reference}."
NEED_REPLY_TEXT = "Tell me what to send, for example **reply INC-000042 the printer works again**."


def _who(event: Event) -> str:
    return event.actor.name if event.actor else "The desk"


def requester_update(ticket: Ticket, event: Event) -> str | None:
    """The 1:1 line the requester gets for a public event, or None when they need not hear of it.
    Only public events come here; internal notes never do."""
    ref = f"**{ticket.reference}** ({ticket.summary})"
    who = _who(event)
    lines = {
        "claimed": f"{who} picked up {ref} and is on it.",
        "assigned": f"{ref} is now with {ticket.assignee.name if ticket.assignee else 'a technician'}.",
        "pending": f"{who} needs something from you on {ref}:\n\n> {event.text}\n\n"
                   "Reply to this message (or type your answer here) and it goes straight to the ticket.",
        "reply": f"{who} on {ref}:\n\n> {event.text}\n\nReply to this message to answer.",
        "escalated": f"{ref} has been passed to more specialised colleagues; you'll hear from them soon.",
        "reopened": f"{who} reopened {ref}.",
        "closed": f"{ref} is closed. {event.text}",
        "pending_reminder": f"{ref}: {event.text}",
        "resolved_reminder": f"{ref}: {event.text}",
    }
    return lines.get(event.kind)


def thread_line(ticket: Ticket, event: Event) -> str | None:
    """The short line posted in the ticket card's thread, so the thread reads as the ticket's log."""
    who = _who(event)
    lines = {
        "claimed": f"{who} claimed the ticket.",
        "assigned": f"{who} assigned it to {ticket.assignee.name if ticket.assignee else 'someone'}.",
        "unassigned": f"{who} put it back in the queue.",
        "in_progress": f"{who}: in progress. {event.text}",
        "pending": f"{who} set it pending on the {event.data.get('on', 'requester')}: {event.text}",
        "priority_changed": f"{who}: {event.text}",
        "escalated": f"{who}: {event.text}",
        "resolved": f"{who} resolved it: {event.text}",
        "reopened": f"{who} reopened it: {event.text}",
        "confirmed": f"{who} confirmed the fix; closed.",
        "closed": f"Closed: {event.text}",
        "cancelled": f"{who} cancelled it: {event.text}",
        "note": f"Internal note from {who}: {event.text}",
        "reply": f"{who} replied to the requester: {event.text}",
        "requester_reply": f"{who} replied: {event.text}",
        "sla_warning": f"SLA warning: {event.text}",
        "sla_breach": f"SLA breached: {event.text}",
        "pending_reminder": "Reminded the requester that the ticket waits for their reply.",
        "resolved_reminder": "Reminded the requester to confirm the fix.",
        "routed": event.text,
    }
    return lines.get(event.kind)
