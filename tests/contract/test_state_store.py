"""What every StateStore must do (run once per store in `stores.py`)."""

from __future__ import annotations

import pytest

from tests.contract.stores import StateStoreHarness
from tickets.ports import StateStore

REF = {"serviceUrl": "https://smba.example/emea/", "conversation": {"id": "a:1"}, "tenant": "t-1", "n": [1, 2.5, None]}


async def test_reading_missing_keys_gives_nothing(state_store: StateStore) -> None:
    assert await state_store.read(["nobody"]) == {}
    assert await state_store.read([]) == {}


async def test_written_documents_are_read_back(state_store: StateStore) -> None:
    await state_store.write({"ref/user-1": REF, "binding/network": {"channel": "19:x"}})

    assert await state_store.read(["ref/user-1", "missing", "binding/network"]) == {
        "ref/user-1": REF,
        "binding/network": {"channel": "19:x"},
    }


async def test_write_overwrites_a_key_and_keeps_the_others(state_store: StateStore) -> None:
    await state_store.write({"a": {"v": 1}, "b": {"v": 1}})
    await state_store.write({"a": {"v": 2}})

    assert await state_store.read(["a", "b"]) == {"a": {"v": 2}, "b": {"v": 1}}


async def test_delete_removes_keys_and_ignores_absent_ones(state_store: StateStore) -> None:
    await state_store.write({"a": {"v": 1}, "b": {"v": 1}})
    await state_store.delete(["a", "never-there"])

    assert await state_store.read(["a", "b"]) == {"b": {"v": 1}}


async def test_documents_survive_reopening(state_harness: StateStoreHarness) -> None:
    first = await state_harness.open()
    await first.write({"a": {"v": 1}, "b": {"v": 2}})
    await first.delete(["b"])

    reopened = await state_harness.open()
    assert await reopened.read(["a", "b"]) == {"a": {"v": 1}}


async def test_changing_a_read_or_written_dict_does_not_change_the_store(state_store: StateStore) -> None:
    written = {"nested": {"v": 1}}
    await state_store.write({"a": written})
    written["nested"]["v"] = 2
    (await state_store.read(["a"]))["a"]["nested"]["v"] = 3

    assert await state_store.read(["a"]) == {"a": {"nested": {"v": 1}}}


async def test_a_failed_write_stores_none_of_its_documents(state_harness: StateStoreHarness) -> None:
    store = await state_harness.open()
    await store.write({"a": {"v": 1}})

    with pytest.raises((TypeError, ValueError)):
        await store.write({"a": {"v": 2}, "b": {"not json": object()}})

    assert await store.read(["a", "b"]) == {"a": {"v": 1}}
    assert await (await state_harness.open()).read(["a", "b"]) == {"a": {"v": 1}}
