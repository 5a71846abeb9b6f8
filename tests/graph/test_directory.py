"""The directory on Graph: department, job title, manager; cached for a while; never fails routing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph.client import GraphConnection, connect
from graph.directory import GraphDirectory
from tests.graph.conftest import ManualClock
from tests.graph.fake_graph import FakeGraph
from tests.graph.harness import fake_settings
from tickets.model import Person


@pytest.fixture
async def graph() -> AsyncIterator[tuple[FakeGraph, GraphConnection]]:
    async with FakeGraph() as fake:
        fake.add_user("boss-1", "Bea Boss", department="Finance", job_title="CFO")
        fake.add_user("user-1", "Ada Employee", department="Finance", job_title="Analyst", manager_id="boss-1")
        connection = connect(fake_settings(fake))
        yield fake, connection
        await connection.close()


async def test_lookup_gives_department_job_title_and_manager(graph: tuple[FakeGraph, GraphConnection]) -> None:
    fake, connection = graph
    directory = GraphDirectory(connection.client)

    ada = await directory.lookup("user-1")

    assert ada == Person("user-1", "Ada Employee", "user-1@contoso.example", "Finance", "Analyst")
    assert (await directory.manager("user-1")).name == "Bea Boss"
    assert await directory.manager("boss-1") is None
    assert await directory.lookup("nobody") is None
    assert fake.log[0].query["$select"] == "id,displayName,mail,userPrincipalName,department,jobTitle"


async def test_answers_are_cached_until_the_time_limit(graph: tuple[FakeGraph, GraphConnection]) -> None:
    fake, connection = graph
    clock = ManualClock()
    directory = GraphDirectory(connection.client, ttl=600, monotonic=clock)

    await directory.lookup("user-1")
    clock.advance(599)
    await directory.lookup("user-1")
    assert fake.count("GET", "/users/user-1") == 1

    fake.users["user-1"]["department"] = "IT"
    clock.advance(2)
    assert (await directory.lookup("user-1")).department == "IT"
    assert fake.count("GET", "/users/user-1") == 2


async def test_when_graph_is_down_the_last_answer_is_kept(graph: tuple[FakeGraph, GraphConnection]) -> None:
    fake, connection = graph
    clock = ManualClock()
    directory = GraphDirectory(connection.client, ttl=60, monotonic=clock)
    known = await directory.lookup("user-1")

    await fake.go_down()
    clock.advance(61)

    assert await directory.lookup("user-1") == known
    assert await directory.lookup("user-2") is None
