"""Every word a card shows a user, in one place so the wording stays consistent."""

from __future__ import annotations

from tickets.model import Level, PendingOn

# Intake form
FORM_TITLE = "Ask IT for help"
FORM_INTRO = "Tell us what you need. Fields marked * are required."
FORM_FIX_ERRORS = "Please fix the fields marked below."
FORM_SUBMIT = "Submit"
FORM_CANCEL = "Cancel"
FORM_CANCELLED_TITLE = "Request cancelled"
FORM_CANCELLED_TEXT = "Nothing was sent to IT. Type **new** whenever you want to start again."

LABELS: dict[str, str] = {
    "type": "What kind of request is it?",
    "category": "Category",
    "subcategory": "Subcategory",
    "summary": "Summary",
    "description": "Description",
    "impact": "Who is affected?",
    "urgency": "How urgent is it?",
    "device": "Device (optional)",
    "operating_system": "Operating system (optional)",
    "error_text": "Error message (optional)",
    # Technicians' card forms
    "assignee": "Assign to",
    "pending_on": "Waiting on",
    "pending_note": "Question for the requester / what we wait for",
    "priority": "New priority",
    "priority_reason": "Why does the priority change?",
    "note_text": "Internal note (technicians only)",
    "reply_text": "Message to the requester",
    "escalate_reason": "Why escalate?",
    "escalate_queue": "Escalate to",
    "resolution": "Resolution notes (the requester sees these)",
    "fix_category": "Category of fix (optional)",
    # Requester's resolution card
    "still_broken_reason": "What is still wrong?",
}
PLACEHOLDERS: dict[str, str] = {
    "type": "Choose a type",
    "category": "Choose a category",
    "subcategory": "Choose a subcategory",
    "summary": "One line, e.g. VPN drops every few minutes",
    "description": "What happened, what you expected, what you already tried",
    "device": "e.g. Dell Latitude 7440, asset tag 12345",
    "operating_system": "e.g. Windows 11, macOS 15",
    "error_text": "Paste the exact error message, if there is one",
    "assignee": "Choose a technician",
    "priority": "Choose a priority",
    "fix_category": "Choose a category",
    "escalate_queue": "Next tier, same queue",
    "reply_text": "The requester gets this in their chat with the bot",
    "still_broken_reason": "What happens now, and what did you try?",
}
REQUIRED_MESSAGES: dict[str, str] = {
    "type": "Choose the type of request.",
    "category": "Choose a category.",
    "subcategory": "Choose a subcategory.",
    "summary": "Give a short summary.",
    "description": "Describe the problem or request.",
    "impact": "Choose who is affected.",
    "urgency": "Choose how urgent it is.",
    "assignee": "Choose who gets the ticket.",
    "pending_on": "Choose who the ticket waits on.",
    "pending_note": "Say what the ticket waits for.",
    "priority": "Choose the new priority.",
    "priority_reason": "Say why the priority changes.",
    "note_text": "Write the note.",
    "reply_text": "Write the reply.",
    "escalate_reason": "Say why the ticket is escalated.",
    "resolution": "Describe what fixed it.",
    "still_broken_reason": "Tell us what is still wrong.",
}
IMPACT_TITLES: dict[Level, str] = {
    Level.HIGH: "Many people / the whole company",
    Level.MEDIUM: "My team",
    Level.LOW: "Just me",
}
URGENCY_TITLES: dict[Level, str] = {
    Level.HIGH: "Work has stopped",
    Level.MEDIUM: "Work is slowed",
    Level.LOW: "It can wait",
}
SUBCATEGORY_SEPARATOR = " › "

# Confirmation
CONFIRM_TITLE = "Ticket opened"
CONFIRM_RESPONSE = "A technician will respond within {response_target}."
CONFIRM_HINT = "Type **status {reference}** at any time to see where it stands."

# Ticket facts
FACT_TYPE = "Type"
FACT_REQUESTER = "Requester"
FACT_CATEGORY = "Category"
FACT_PRIORITY = "Priority"
FACT_STATUS = "Status"
FACT_ASSIGNEE = "Assignee"
FACT_QUEUE = "Queue"
FACT_CREATED = "Created"
FACT_RESPONSE_DUE = "Response due"
FACT_DEVICE = "Device"
FACT_OS = "Operating system"
FACT_ERROR = "Error message"
UNASSIGNED = "Unassigned"
DESK_ACTOR = "Desk"
TIER_QUEUE = "Tier {tier} · {queue}"
PENDING_ON: dict[PendingOn, str] = {
    PendingOn.REQUESTER: "Pending (waiting for the requester)",
    PendingOn.VENDOR: "Pending (waiting for a vendor)",
}
RESPONDED = "Responded {when}"
NOT_SET = "—"
HISTORY_TITLE = "Recent activity"
HISTORY_EMPTY = "No activity yet."
INTERNAL_MARK = " (internal)"
DESCRIPTION_TITLE = "Description"
MORE_TEXT = "…"

# History kinds as people read them; unknown kinds fall back to the kind itself.
EVENT_KINDS: dict[str, str] = {
    "opened": "Opened",
    "claimed": "Claimed",
    "assigned": "Assigned",
    "unassigned": "Unassigned",
    "in_progress": "In progress",
    "pending": "Pending",
    "resolved": "Resolved",
    "confirmed": "Confirmed",
    "closed": "Closed",
    "reopened": "Reopened",
    "cancelled": "Cancelled",
    "priority_changed": "Priority changed",
    "escalated": "Escalated",
    "note": "Note",
    "reply": "Reply",
}

# Actions on the technicians' card, by verb.
REFRESH_VERB_TITLE_KEY = "ticket.refresh"
ACTION_TITLES: dict[str, str] = {
    "ticket.claim": "Claim",
    "ticket.start": "Start work",
    "ticket.resolve": "Resolve…",
    "ticket.reply": "Reply to requester",
    "ticket.reopen": "Reopen",
    "ticket.assign": "Assign…",
    "ticket.unassign": "Unassign",
    "ticket.pend": "Pending…",
    "ticket.priority": "Priority…",
    "ticket.note": "Internal note",
    "ticket.escalate": "Escalate…",
    "ticket.draft_article": "Draft KB article",
    REFRESH_VERB_TITLE_KEY: "Work on this ticket",
}
# The button under each action's form.
SUBMIT_TITLES: dict[str, str] = {
    "ticket.assign": "Assign",
    "ticket.pend": "Set pending",
    "ticket.priority": "Change priority",
    "ticket.note": "Add note",
    "ticket.reply": "Send reply",
    "ticket.escalate": "Escalate",
    "ticket.resolve": "Resolve",
}
MORE_ACTIONS = "More…"
PENDING_CHOICES: dict[PendingOn, str] = {
    PendingOn.REQUESTER: "On the requester",
    PendingOn.VENDOR: "On a vendor",
}
SAME_QUEUE_NEXT_TIER = "Next tier, same queue"
QUEUE_CHOICE = "Queue {queue}"
FIX_CATEGORIES = (
    "Configuration change", "Hardware replaced", "Software fix", "Account change", "User guidance", "Vendor fix",
    "Other",
)

# The requester's side
RESOLVED_TITLE = "Your ticket is resolved"
RESOLVED_BY = "Resolved by {name}"
RESOLUTION_TITLE = "What was done"
RESOLUTION_MISSING = "No resolution notes were given."
FACT_FIX = "Fix"
RESOLVED_QUESTION = "Is it fixed for you?"
CONFIRM_FIXED = "Yes, fixed"
STILL_BROKEN = "Still broken"
STILL_BROKEN_SUBMIT = "Reopen the ticket"
REPLY_HINT = "To answer, reply to this message or type **/reply {reference}** followed by your answer."

# Lists
LIST_MORE = "…and {count} more not shown."
LIST_AGE = "opened {age} ago"
LIST_CREATED = "opened {when}"


def event_kind(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind.replace("_", " ").capitalize())

# SLA
FACT_RESPONSE_SLA = "Response SLA"
FACT_RESOLUTION_SLA = "Resolution SLA"
FACT_ROUTED_BY = "Routed by"
SLA_UNDER_A_MINUTE = "under a minute"
SLA_MET = "Met"
SLA_MISSED = "Missed"
SLA_LEFT = "Due {due} · {left} left"
SLA_PAUSED = "(paused while pending)"
SLA_BREACHED_AGO = "Breached: was due {due} ({ago} over)"
SLA_BADGE = "⚠ SLA breached"
