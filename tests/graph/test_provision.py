"""`make provision`: creates the lists, a second run changes nothing, an older list is completed."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.client import connect
from graph.errors import ListMissing
from graph.lists import SharePointList
from graph.provision import provision
from graph.schema import TICKET_COLUMNS
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SITE, fake_settings


@pytest.fixture
async def fake() -> FakeGraph:
    async with FakeGraph() as server:
        yield server


async def run(fake: FakeGraph) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    connection = connect(fake_settings(fake))
    try:
        changes = await provision(connection.client, fake_settings(fake), report=lines.append)
    finally:
        await connection.close()
    return changes, lines


async def test_first_run_creates_both_lists_with_indexed_columns(fake: FakeGraph) -> None:
    changes, lines = await run(fake)

    assert changes == ["List 'Service Desk Tickets': created with 23 columns (9 indexed).",
                       "List 'Service Desk State': created with 2 columns (1 indexed).",
                       "List 'Service Desk Knowledge': created with 6 columns (2 indexed).",
                       "List 'Service Desk Deflections': created with 6 columns (2 indexed)."]
    assert lines[0].startswith("List 'Service Desk Tickets': looking it up")
    tickets = fake.list_named(SITE, "Service Desk Tickets")
    for name in ("Status", "OpenState", "RequesterId", "AssigneeId", "Queue", "IdempotencyKey"):
        assert tickets.columns[name]["indexed"], name
    assert tickets.columns["IdempotencyKey"]["enforceUniqueValues"]
    assert tickets.columns["Status"]["choice"]["choices"][0] == "New"
    assert tickets.columns["TicketJson"]["text"]["allowMultipleLines"]


async def test_a_second_run_changes_nothing(fake: FakeGraph) -> None:
    await run(fake)
    fake.log.clear()

    changes, lines = await run(fake)

    assert changes == []
    assert lines[-1] == "Done: nothing to change, everything is in place."
    assert {r.method for r in fake.log} == {"GET"}


async def test_an_older_list_gets_what_is_missing_and_says_so(fake: FakeGraph) -> None:
    older = [c.definition() for c in TICKET_COLUMNS if c.name not in ("AssigneeId", "ResolutionDue")]
    await _create_list(fake, older)
    status = fake.list_named(SITE, "Service Desk Tickets").columns["Status"]
    status["indexed"] = False  # an index someone never made

    changes, _ = await run(fake)

    assert changes == [
        "List 'Service Desk Tickets': indexed column Status.",
        "List 'Service Desk Tickets': added column AssigneeId (text, indexed).",
        "List 'Service Desk Tickets': added column ResolutionDue (dateTime, indexed).",
        "List 'Service Desk State': created with 2 columns (1 indexed).",
        "List 'Service Desk Knowledge': created with 6 columns (2 indexed).",
        "List 'Service Desk Deflections': created with 6 columns (2 indexed).",
    ]
    assert (await run(fake))[0] == []


async def test_the_store_refuses_to_open_an_unprovisioned_list(fake: FakeGraph) -> None:
    connection = connect(fake_settings(fake))
    try:
        with pytest.raises(ListMissing) as missing:
            await SharePointList.open(connection.client, SITE, "Service Desk Tickets")
    finally:
        await connection.close()
    assert "make provision" in str(missing.value)


async def _create_list(fake: FakeGraph, columns: list) -> None:
    from msgraph.generated.models.list_ import List_

    connection = connect(fake_settings(fake))
    try:
        await connection.client.sites.by_site_id(SITE).lists.post(
            List_(display_name="Service Desk Tickets", columns=columns))
    finally:
        await connection.close()


def test_make_provision_target_exists() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text("utf-8")
    assert "python -m graph.provision" in makefile
