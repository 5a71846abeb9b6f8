"""The employee's form keeps what they typed and shows each problem where it is."""

from __future__ import annotations

from cards import intake_cancelled, intake_confirmation, intake_form
from tests.cards.builders import TAXONOMY, all_text, make_ticket, walk
from tickets.intake import FORM_FIELDS, SUMMARY_MAX, IntakeDraft, subcategory_value, validate_intake
from tickets.model import Level, TicketType


def inputs(card: dict) -> dict[str, dict]:
    return {n["id"]: n for n in walk(card) if str(n.get("type", "")).startswith("Input.")}


def choice_values(element: dict) -> list[str]:
    return [c["value"] for c in element["choices"]]


def test_the_form_asks_for_exactly_the_fields_the_intake_check_reads():
    form = intake_form(TAXONOMY, {}, {}, "i-1")
    assert list(inputs(form)) == list(FORM_FIELDS)
    assert all(i.get("label") for i in inputs(form).values())


def test_choices_carry_the_values_the_intake_check_accepts():
    found = inputs(intake_form(TAXONOMY, {}, {}, "i-1"))
    assert choice_values(found["type"]) == [t.value for t in TicketType]
    assert [c["title"] for c in found["type"]["choices"]] == [t.label for t in TicketType]
    assert choice_values(found["category"]) == ["Hardware", "Network/Connectivity"]
    assert subcategory_value("Network/Connectivity", "VPN") in choice_values(found["subcategory"])
    titles = [c["title"] for c in found["subcategory"]["choices"]]
    assert "Network/Connectivity › VPN" in titles
    for name in ("impact", "urgency"):
        assert choice_values(found[name]) == [level.value for level in Level]
    assert [c["title"] for c in found["impact"]["choices"]] == ["Many people / the whole company", "My team", "Just me"]
    assert [c["title"] for c in found["urgency"]["choices"]] == ["Work has stopped", "Work is slowed", "It can wait"]


def test_required_fields_say_what_is_missing_and_the_summary_is_capped():
    found = inputs(intake_form(TAXONOMY, {}, {}, "i-1"))
    required = {"type", "category", "subcategory", "summary", "description", "impact", "urgency"}
    assert {k for k, v in found.items() if v.get("isRequired")} == required
    assert all(found[k]["errorMessage"] for k in required)
    assert not any(found[k].get("isRequired") for k in ("device", "operating_system", "error_text"))
    assert found["summary"]["maxLength"] == SUMMARY_MAX
    assert found["description"]["isMultiline"] is True


def test_a_form_filled_with_its_own_choices_passes_the_intake_check():
    found = inputs(intake_form(TAXONOMY, {}, {}, "i-1"))
    submitted = {name: (choice_values(el)[0] if "choices" in el else "text") for name, el in found.items()}
    assert isinstance(validate_intake(submitted, TAXONOMY), IntakeDraft)


def test_the_form_keeps_what_the_user_typed():
    values = {"summary": "VPN drops", "category": "Network/Connectivity", "urgency": "high", "device": "Dell 7440"}
    found = inputs(intake_form(TAXONOMY, values, {}, "i-1"))
    assert {k: found[k].get("value") for k in values} == values
    assert "value" not in found["description"]


def test_each_error_shows_in_red_right_under_its_field():
    errors = {"summary": "Keep the summary to 120 characters (it has 130).", "impact": "Choose the impact."}
    body = intake_form(TAXONOMY, {"summary": "x" * 130}, errors, "i-1")["body"]
    ids = [el.get("id") for el in body]
    for field, message in errors.items():
        below = body[ids.index(field) + 1]
        assert below["type"] == "TextBlock" and below["text"] == message and below["color"] == "attention"
    fields_with_a_message_below = {
        el["id"] for el, nxt in zip(body, body[1:], strict=False) if "id" in el and nxt.get("color") == "attention"
    }
    assert fields_with_a_message_below == set(errors)


def test_errors_get_a_summary_line_at_the_top_and_a_clean_form_has_none():
    with_errors = intake_form(TAXONOMY, {}, {"summary": "Give a short summary."}, "i-1")
    top = with_errors["body"][1]
    assert top["text"] == "Please fix the fields marked below." and top["color"] == "attention"
    clean = intake_form(TAXONOMY, {}, {}, "i-1")
    assert "Please fix" not in all_text(clean)
    assert not [n for n in walk(clean) if n.get("color") == "attention"]


def test_an_error_for_an_unknown_field_still_reaches_the_user():
    assert "Something went wrong" in all_text(intake_form(TAXONOMY, {}, {"form": "Something went wrong"}, "i-1"))


def test_submit_and_cancel_carry_the_intake_id_and_cancel_skips_validation():
    submit, cancel = intake_form(TAXONOMY, {}, {}, "intake-7")["actions"]
    assert (submit["type"], submit["verb"], submit["data"]) == ("Action.Execute", "intake.submit", {"intake_id": "intake-7"})
    assert submit.get("associatedInputs", "auto").lower() == "auto"
    assert (cancel["type"], cancel["title"], cancel["verb"]) == ("Action.Execute", "Cancel", "intake.cancel")
    assert cancel["data"] == {"intake_id": "intake-7"} and cancel["associatedInputs"] == "none"


def test_the_confirmation_shows_the_reference_big_and_the_response_target():
    ticket = make_ticket()
    card = intake_confirmation(ticket, "4 hours")
    big = [n for n in walk(card) if n.get("text") == "INC-000042"]
    assert big and big[0]["size"] in ("large", "extraLarge")
    text = all_text(card)
    assert "A technician will respond within 4 hours" in text
    assert ticket.summary in text and "Medium" in text and "New" in text


def test_the_cancelled_card_has_no_inputs_or_buttons():
    card = intake_cancelled()
    assert "cancelled" in all_text(card).lower()
    assert "actions" not in card and not inputs(card)
