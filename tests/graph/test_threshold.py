"""A list over the 5,000-item threshold (lowered here) answers every query the desk makes, because
the store filters server-side on one indexed column only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph.errors import GraphRequestFailed
from graph.lists import SharePointList
from store.query import select
from store.sharepoint_fields import SELECT, ticket_fields
from tests.factories import T0, make_person, make_ticket
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import SharePointHarness
from tickets.model import Status
from tickets.ports import TicketQuery

ADA, BOB, TESS = make_person("user-1"), make_person("user-2"), make_person("tech-1", "Tess Tech")
QUERIES = [
    TicketQuery(requester_id="user-1", open_only=True),
    TicketQuery(assignee_id="tech-1"),
    TicketQuery(open_only=True),
    TicketQuery(queue="network", open_only=True, unassigned_only=True),
    TicketQuery(queue="network"),
    TicketQuery(statuses=frozenset({Status.RESOLVED})),
    TicketQuery(statuses=frozenset({Status.NEW, Status.PENDING}), limit=3),
    TicketQuery(due_before=T0 + timedelta(minutes=30)),
    TicketQuery(),
]


def seed(fake: FakeGraph, harness: SharePointHarness, count: int) -> None:
    rows = []
    for i in range(count):
        status = (Status.NEW, Status.ASSIGNED, Status.RESOLVED, Status.CLOSED)[i % 4]
        ticket = make_ticket(summary=f"#{i}", requester=(ADA, BOB)[i % 2], status=status,
                             assignee=TESS if status is not Status.NEW else None,
                             queue=("network", "default")[i % 3 == 0],
                             sla_next_at=T0 + timedelta(minutes=i) if status.is_open else None)
        rows.append({**ticket_fields(ticket, 1), "IdempotencyKey": f"seed-{i}"})
    fake.seed(harness.settings.site_id, harness.settings.list_name, rows)


@pytest.mark.parametrize("query", QUERIES)
async def test_every_desk_query_works_over_the_threshold(harness: SharePointHarness, fake: FakeGraph,
                                                         query: TicketQuery) -> None:
    fake.threshold = 40
    seed(fake, harness, 60)
    store = await harness.open()
    everything = await store.find(TicketQuery())  # no filter at all is allowed on any list
    fake.log.clear()

    found = await store.find(query)

    assert found == select(everything, query) and found
    filters = [r.query.get("$filter", "") for r in fake.log if r.path.endswith("/items")]
    assert all(r.status == 200 for r in fake.log)
    assert all(f.count(" eq ") <= 1 for f in filters)
    assert all("Prefer" not in r.headers for r in fake.log)


async def test_the_fake_refuses_a_non_indexed_filter_over_the_threshold(harness: SharePointHarness,
                                                                        fake: FakeGraph) -> None:
    fake.threshold = 40
    seed(fake, harness, 60)
    items = await SharePointList.open(harness.connect().client, harness.settings.site_id, harness.settings.list_name)

    with pytest.raises(GraphRequestFailed) as refused:
        await items.query(SELECT, "fields/Category eq 'Hardware'")

    assert refused.value.status == 400 and refused.value.code == "invalidRequest"
    assert "Field 'Category' cannot be referenced in filter or orderby as it is not indexed" in str(refused.value)


async def test_paging_follows_next_links(harness: SharePointHarness, fake: FakeGraph) -> None:
    seed(fake, harness, 25)
    items = await SharePointList.open(harness.connect().client, harness.settings.site_id, harness.settings.list_name)
    fake.log.clear()

    found = await items.query(SELECT, "fields/OpenState eq 'Open'", top=5)

    assert len(found) == 13 and len({i["id"] for i in found}) == 13
    assert fake.count("GET", "/items") == 3

