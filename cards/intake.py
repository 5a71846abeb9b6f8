"""The employee's ticket form, and the cards that replace it once it is sent or cancelled."""

from __future__ import annotations

from cards import text
from cards.elements import Element, card, execute, facts, heading, plain, text_block
from cards.forms import choices, field_input
from cards.parts import status_text
from tickets.intake import (
    DESCRIPTION_MAX,
    ERROR_TEXT_MAX,
    FORM_FIELDS,
    SHORT_MAX,
    SUMMARY_MAX,
    subcategory_value,
)
from tickets.model import Level, Ticket, TicketType
from tickets.taxonomy import Taxonomy

SUBMIT_VERB = "intake.submit"
CANCEL_VERB = "intake.cancel"


def _inputs(taxonomy: Taxonomy, values: dict[str, str]) -> dict[str, Element]:
    subcategories = [
        (subcategory_value(c.name, s), f"{c.name}{text.SUBCATEGORY_SEPARATOR}{s}")
        for c in taxonomy.categories for s in c.subcategories
    ]
    return {
        "type": field_input("type", "Input.ChoiceSet", values, choices=choices([(t.value, t.label) for t in TicketType])),
        "category": field_input("category", "Input.ChoiceSet", values,
                                choices=choices([(n, n) for n in taxonomy.names()])),
        "subcategory": field_input("subcategory", "Input.ChoiceSet", values, choices=choices(subcategories)),
        "summary": field_input("summary", "Input.Text", values, maxLength=SUMMARY_MAX),
        "description": field_input("description", "Input.Text", values, isMultiline=True, maxLength=DESCRIPTION_MAX),
        "impact": field_input("impact", "Input.ChoiceSet", values, style="expanded",
                              choices=choices([(level.value, text.IMPACT_TITLES[level]) for level in Level])),
        "urgency": field_input("urgency", "Input.ChoiceSet", values, style="expanded",
                               choices=choices([(level.value, text.URGENCY_TITLES[level]) for level in Level])),
        "device": field_input("device", "Input.Text", values, maxLength=SHORT_MAX),
        "operating_system": field_input("operating_system", "Input.Text", values, maxLength=SHORT_MAX),
        "error_text": field_input("error_text", "Input.Text", values, isMultiline=True, maxLength=ERROR_TEXT_MAX),
    }


def _error(message: str) -> Element:
    return text_block(message, color="attention", size="small", spacing="small")


def intake_form(taxonomy: Taxonomy, values: dict[str, str], errors: dict[str, str], intake_id: str) -> Element:
    """The form, pre-filled with `values`; each message in `errors` sits under its field."""
    inputs = _inputs(taxonomy, values)
    body: list[Element] = [heading(text.FORM_TITLE)]
    if errors:
        body.append(text_block(text.FORM_FIX_ERRORS, color="attention", weight="bolder"))
        # A message for a field the form does not have still has to reach the user.
        body.extend(_error(m) for f, m in errors.items() if f not in FORM_FIELDS)
    else:
        body.append(text_block(text.FORM_INTRO, isSubtle=True))
    for field in FORM_FIELDS:
        body.append(inputs[field])
        if field in errors:
            body.append(_error(errors[field]))
    data = {"intake_id": intake_id}
    actions = [
        execute(text.FORM_SUBMIT, SUBMIT_VERB, data, style="positive"),
        execute(text.FORM_CANCEL, CANCEL_VERB, dict(data), associatedInputs="none"),
    ]
    return card(body, actions)


def intake_confirmation(ticket: Ticket, response_target: str) -> Element:
    body = [
        text_block(text.CONFIRM_TITLE, weight="bolder", color="good"),
        text_block(ticket.reference, size="extraLarge", weight="bolder", spacing="none"),
        plain(ticket.summary),
        facts([(text.FACT_PRIORITY, ticket.priority.value), (text.FACT_STATUS, status_text(ticket))]),
        text_block(text.CONFIRM_RESPONSE.format(response_target=response_target)),
        text_block(text.CONFIRM_HINT.format(reference=ticket.reference), isSubtle=True, size="small"),
    ]
    return card(body)


def intake_cancelled() -> Element:
    return card([
        text_block(text.FORM_CANCELLED_TITLE, weight="bolder"),
        text_block(text.FORM_CANCELLED_TEXT, isSubtle=True),
    ])
