"""Working a ticket from its card: which buttons each state offers, what each form asks for, and the
exact verbs, data and input ids the bot parses."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from cards import available_actions, technician_card
from cards.technician import ACTION_BAR_MAX, MORE_ROW_MAX
from tests.cards.builders import TECH, all_text, event, make_ticket, walk, with_events
from tickets.model import PendingOn, Priority, Status, Visibility

IDS = ["29:tom", "29:tess"]
TECHNICIANS = [("aad-tom", "Tom Reyes"), ("aad-tess", "Tess Ng")]
QUEUES = ["default", "network", "hardware"]
REF = {"ticket": "INC-000042"}

FORMS = {  # verb -> the input ids its form sends, in order
    "ticket.assign": ["assignee"],
    "ticket.pend": ["pending_on", "pending_note"],
    "ticket.priority": ["priority", "priority_reason"],
    "ticket.note": ["note_text"],
    "ticket.reply": ["reply_text"],
    "ticket.escalate": ["escalate_reason", "escalate_queue"],
    "ticket.resolve": ["resolution", "fix_category"],
}
OPTIONAL = {"escalate_queue", "fix_category"}


def ticket_in(status: Status, *, assigned: bool = True, **changes: object):
    return make_ticket(status=status, assignee=TECH if assigned else None, **changes)


def full_card(ticket, **changes):
    options = {"actions": True, "technician_ids": IDS, "technicians": TECHNICIANS, "queues": QUEUES, **changes}
    return technician_card(ticket, **options)


def executes(card: dict) -> list[dict]:
    """Every Action.Execute a technician can press, in the order they appear (not the refresh)."""
    return [n for n in walk(card.get("actions", [])) if n.get("type") == "Action.Execute"]


def form_of(card: dict, verb: str) -> dict:
    """The ShowCard whose submit sends `verb`."""
    return next(n for n in walk(card.get("actions", [])) if n.get("type") == "Action.ShowCard"
                and any(a.get("verb") == verb for a in n["card"].get("actions", [])))


def inputs_of(form: dict) -> dict[str, dict]:
    return {n["id"]: n for n in form["card"]["body"] if str(n["type"]).startswith("Input.")}


STATES = {
    "new unassigned": (ticket_in(Status.NEW, assigned=False),
                       ["ticket.claim", "ticket.reply", "ticket.assign", "ticket.priority", "ticket.note",
                        "ticket.escalate"]),
    "assigned": (ticket_in(Status.ASSIGNED),
                 ["ticket.start", "ticket.resolve", "ticket.reply", "ticket.assign", "ticket.unassign",
                  "ticket.pend", "ticket.priority", "ticket.note", "ticket.escalate"]),
    "in progress": (ticket_in(Status.IN_PROGRESS),
                    ["ticket.resolve", "ticket.reply", "ticket.assign", "ticket.unassign", "ticket.pend",
                     "ticket.priority", "ticket.note", "ticket.escalate"]),
    "pending": (ticket_in(Status.PENDING, pending_on=PendingOn.REQUESTER),
                ["ticket.start", "ticket.resolve", "ticket.reply", "ticket.assign", "ticket.unassign",
                 "ticket.pend", "ticket.priority", "ticket.note", "ticket.escalate"]),
    "reopened unassigned": (ticket_in(Status.REOPENED, assigned=False),
                            ["ticket.claim", "ticket.reply", "ticket.assign", "ticket.priority", "ticket.note",
                             "ticket.escalate"]),
    "reopened assigned": (ticket_in(Status.REOPENED),
                          ["ticket.start", "ticket.resolve", "ticket.reply", "ticket.assign", "ticket.unassign",
                           "ticket.pend", "ticket.priority", "ticket.note", "ticket.escalate"]),
    "resolved": (ticket_in(Status.RESOLVED), ["ticket.reply", "ticket.reopen", "ticket.note", "ticket.draft_article"]),
    "closed": (ticket_in(Status.CLOSED), ["ticket.reopen", "ticket.note", "ticket.draft_article"]),
    "cancelled": (ticket_in(Status.CANCELLED, assigned=False), []),
}


@pytest.mark.parametrize("state", STATES)
def test_each_state_offers_exactly_its_actions_and_the_card_shows_exactly_those(state):
    ticket, expected = STATES[state]
    assert available_actions(ticket) == expected
    card = full_card(ticket)
    assert [a["verb"] for a in executes(card)] == expected
    assert all(a["data"] == REF for a in executes(card))


def test_no_resolve_on_a_new_ticket_and_no_claim_on_a_claimed_one():
    assert "ticket.resolve" not in available_actions(ticket_in(Status.NEW, assigned=False))
    for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING, Status.REOPENED):
        assert "ticket.claim" not in available_actions(ticket_in(status))


def test_a_cancelled_ticket_has_no_buttons_at_all():
    assert "actions" not in full_card(STATES["cancelled"][0])


@pytest.mark.parametrize("state", STATES)
def test_the_buttons_fit_teams_and_the_main_ones_stay_in_sight(state):
    ticket, expected = STATES[state]
    bar = full_card(ticket).get("actions", [])
    assert len(bar) <= ACTION_BAR_MAX
    rows = [n["actions"] for a in bar if a["title"] == "More…" for n in a["card"]["body"]]
    assert all(0 < len(row) <= MORE_ROW_MAX for row in rows)
    in_sight = {a["verb"] for a in executes({"actions": [a for a in bar if a["title"] != "More…"]})}
    for primary in ("ticket.claim", "ticket.start", "ticket.resolve", "ticket.reply", "ticket.reopen"):
        assert (primary in expected) == (primary in in_sight), primary


def test_the_claim_and_resolve_buttons_are_the_positive_ones():
    new = full_card(STATES["new unassigned"][0])
    assert new["actions"][0]["title"] == "Claim" and new["actions"][0]["style"] == "positive"
    resolve = form_of(full_card(STATES["assigned"][0]), "ticket.resolve")
    assert resolve["title"] == "Resolve…" and resolve["style"] == "positive"


@pytest.mark.parametrize("verb", FORMS)
def test_each_form_asks_for_exactly_its_inputs_and_sends_them_with_the_ticket(verb):
    card = full_card(STATES["assigned"][0])
    form = form_of(card, verb)
    found = inputs_of(form)
    assert list(found) == FORMS[verb]
    assert {i for i, el in found.items() if el.get("isRequired")} == set(FORMS[verb]) - OPTIONAL
    assert all(el.get("label") and (el.get("errorMessage") or i in OPTIONAL) for i, el in found.items())
    (submit,) = form["card"]["actions"]
    assert (submit["type"], submit["verb"], submit["data"]) == ("Action.Execute", verb, REF)
    assert submit.get("associatedInputs", "auto") == "auto"


def test_long_texts_are_multiline_and_reasons_are_one_line():
    card = full_card(STATES["assigned"][0])
    found = {i: el for verb in FORMS for i, el in inputs_of(form_of(card, verb)).items()}
    assert {i for i, el in found.items() if el.get("isMultiline")} == {
        "pending_note", "note_text", "reply_text", "resolution"}
    assert found["pending_note"]["label"] == "Question for the requester / what we wait for"


def test_input_ids_are_unique_across_the_whole_card():
    ids = [n["id"] for n in walk(full_card(STATES["assigned"][0])) if str(n.get("type", "")).startswith("Input.")]
    assert len(ids) == len(set(ids)) and set(ids) == {i for ids in FORMS.values() for i in ids}


def test_the_assign_picker_lists_the_technicians_but_not_the_current_assignee():
    unassigned = inputs_of(form_of(full_card(STATES["new unassigned"][0]), "ticket.assign"))["assignee"]
    assert [(c["value"], c["title"]) for c in unassigned["choices"]] == TECHNICIANS
    assigned = inputs_of(form_of(full_card(STATES["assigned"][0]), "ticket.assign"))["assignee"]
    assert [(c["value"], c["title"]) for c in assigned["choices"]] == [("aad-tess", "Tess Ng")]


def test_no_assign_button_when_there_is_nobody_to_assign_to():
    ticket = STATES["assigned"][0]  # assigned to Tom, the only technician
    for technicians in ([], [("aad-tom", "Tom Reyes")]):
        card = full_card(ticket, technicians=technicians)
        assert "ticket.assign" not in [a["verb"] for a in executes(card)]
        assert "ticket.assign" not in available_actions(ticket, technicians=technicians)
    assert "ticket.assign" in available_actions(ticket)  # without the list it is still a legal move


def test_the_old_call_still_works_and_offers_no_assign():
    card = technician_card(STATES["new unassigned"][0], actions=True, technician_ids=IDS)
    assert [a["verb"] for a in executes(card)] == [
        "ticket.claim", "ticket.reply", "ticket.priority", "ticket.note", "ticket.escalate"]


def test_pending_choices_are_requester_or_vendor_and_parse_as_the_domain_reads_them():
    pending_on = inputs_of(form_of(full_card(STATES["assigned"][0]), "ticket.pend"))["pending_on"]
    assert [(c["value"], c["title"]) for c in pending_on["choices"]] == [
        ("requester", "On the requester"), ("vendor", "On a vendor")]
    assert [PendingOn(c["value"]) for c in pending_on["choices"]] == list(PendingOn)


def test_priority_offers_every_other_priority_by_its_domain_value():
    priority = inputs_of(form_of(full_card(STATES["assigned"][0]), "ticket.priority"))["priority"]
    assert [c["value"] for c in priority["choices"]] == ["Critical", "High", "Low"]  # it is Medium now
    assert all(Priority(c["value"]).value == c["title"] for c in priority["choices"])


def test_escalation_goes_up_a_tier_unless_another_queue_is_picked():
    form = form_of(full_card(STATES["assigned"][0]), "ticket.escalate")  # the ticket is in "default"
    queue = inputs_of(form)["escalate_queue"]
    assert [c["value"] for c in queue["choices"]] == ["network", "hardware"]
    assert queue["placeholder"] == "Next tier, same queue" and not queue.get("isRequired") and "value" not in queue
    assert "escalate_queue" not in inputs_of(form_of(full_card(STATES["assigned"][0], queues=["default"]),
                                                     "ticket.escalate"))
    only_tier = form_of(full_card(STATES["assigned"][0], queues=[]), "ticket.escalate")
    assert "Next tier, same queue" in all_text(only_tier["card"])


def test_resolve_asks_for_notes_and_offers_fix_categories():
    found = inputs_of(form_of(full_card(STATES["in progress"][0]), "ticket.resolve"))
    titles = [c["title"] for c in found["fix_category"]["choices"]]
    assert {"Configuration change", "Hardware replaced", "Software fix", "Other"} <= set(titles)
    assert found["resolution"]["isRequired"] and not found["fix_category"].get("isRequired")


def test_a_refusal_is_shown_at_the_top_in_red():
    card = full_card(STATES["assigned"][0], notice="INC-000042 is already claimed by Tess")
    top = card["body"][0]
    assert top["inlines"][0]["text"] == "INC-000042 is already claimed by Tess"
    assert top["inlines"][0]["color"] == "attention"
    assert "already claimed" not in all_text(full_card(STATES["assigned"][0]))


def test_the_read_only_view_shows_no_buttons_even_with_technicians_and_a_notice():
    card = full_card(STATES["assigned"][0], actions=False, notice="Only technicians can do that.")
    assert [a["verb"] for a in card["actions"]] == ["ticket.refresh"]
    assert "Only technicians can do that." in all_text(card)


def test_recent_history_shows_with_internal_entries_marked():
    ticket = with_events(STATES["assigned"][0], event("note", "Checked the VPN logs", visibility=Visibility.INTERNAL),
                         event("reply", "Please restart", minutes=6))
    text = all_text(full_card(ticket))
    assert "Note (internal)" in text and "Checked the VPN logs" in text and "Please restart" in text


def test_a_busy_ticket_with_a_big_team_stays_under_the_teams_card_size_limit():
    technicians = [(f"aad-{i}", f"Technician Number {i}") for i in range(60)]
    queues = [f"queue-{i}" for i in range(20)]
    long = "x" * 4000
    ticket = replace(STATES["assigned"][0], description=long, error_text=long,
                     history=tuple(event("reply", long, minutes=i) for i in range(10)))
    ids = [f"29:{i}" for i in range(60)]
    card = technician_card(ticket, actions=True, technician_ids=ids, technicians=technicians, queues=queues,
                           notice="INC-000042 changed at the same moment; here is the fresh card.")
    assert len(json.dumps(card).encode()) < 28_000

