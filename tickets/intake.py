"""Checking an intake form: every wrong field gets its own message; the values are kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from tickets.model import Level, TicketType
from tickets.taxonomy import Taxonomy

SUMMARY_MAX = 120
DESCRIPTION_MAX = 4000
SHORT_MAX = 200
ERROR_TEXT_MAX = 2000

FORM_FIELDS = (
    "type", "category", "subcategory", "summary", "description",
    "impact", "urgency", "device", "operating_system", "error_text",
)


@dataclass(frozen=True)
class IntakeDraft:
    """A form that passed every check; the service turns it into a ticket."""

    type: TicketType
    category: str
    subcategory: str
    summary: str
    description: str
    impact: Level
    urgency: Level
    device: str = ""
    operating_system: str = ""
    error_text: str = ""


@dataclass(frozen=True)
class FormErrors:
    """What the user typed (cleaned to strings) and one message per wrong field."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def subcategory_value(category: str, subcategory: str) -> str:
    """The value a form uses for a subcategory: unique across categories."""
    return f"{category}::{subcategory}"


def form_values(raw: dict[str, object]) -> dict[str, str]:
    """Only the known fields, as stripped strings: anything else a client sends is dropped."""
    return {name: str(raw.get(name) or "").strip() for name in FORM_FIELDS}


def _enum(value: str, enum: type, label: str, errors: dict[str, str], key: str):  # noqa: ANN202
    try:
        return enum(value)
    except ValueError:
        errors[key] = f"Choose the {label}."
        return None


def validate_intake(raw: dict[str, object], taxonomy: Taxonomy) -> IntakeDraft | FormErrors:
    values = form_values(raw)
    errors: dict[str, str] = {}
    ticket_type = _enum(values["type"], TicketType, "type of request", errors, "type")
    impact = _enum(values["impact"], Level, "impact", errors, "impact")
    urgency = _enum(values["urgency"], Level, "urgency", errors, "urgency")

    category = taxonomy.get(values["category"])
    subcategory = ""
    if category is None:
        errors["category"] = "Choose a category."
    sub_cat, _, sub_name = values["subcategory"].partition("::")
    if not values["subcategory"]:
        errors["subcategory"] = "Choose a subcategory."
    elif category is not None:
        if sub_cat != category.name or sub_name not in category.subcategories:
            errors["subcategory"] = f"Choose a subcategory of {category.name}."
        else:
            subcategory = sub_name

    if not values["summary"]:
        errors["summary"] = "Give a short summary."
    elif len(values["summary"]) > SUMMARY_MAX:
        errors["summary"] = f"Keep the summary to {SUMMARY_MAX} characters (it has {len(values['summary'])})."
    if not values["description"]:
        errors["description"] = "Describe the problem or request."
    elif len(values["description"]) > DESCRIPTION_MAX:
        errors["description"] = f"Keep the description to {DESCRIPTION_MAX} characters."
    for key in ("device", "operating_system"):
        if len(values[key]) > SHORT_MAX:
            errors[key] = f"Keep this to {SHORT_MAX} characters."
    if len(values["error_text"]) > ERROR_TEXT_MAX:
        errors["error_text"] = f"Keep the error message to {ERROR_TEXT_MAX} characters."

    if errors:
        return FormErrors(values, errors)
    assert ticket_type and impact and urgency and category  # for the type checker
    return IntakeDraft(
        type=ticket_type, category=category.name, subcategory=subcategory,
        summary=values["summary"], description=values["description"],
        impact=impact, urgency=urgency, device=values["device"],
        operating_system=values["operating_system"], error_text=values["error_text"],
    )
