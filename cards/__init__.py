"""Adaptive Cards (schema 1.5) built by pure functions from domain objects."""

from cards.intake import intake_cancelled, intake_confirmation, intake_form
from cards.messages import help_card, message_card
from cards.resolution import requester_ticket_card, resolution_card
from cards.status import status_card, ticket_list_card
from cards.technician import available_actions, technician_card

__all__ = [
    "available_actions", "help_card", "intake_cancelled", "intake_confirmation", "intake_form",
    "message_card", "requester_ticket_card", "resolution_card", "status_card", "technician_card",
    "ticket_list_card",
]
