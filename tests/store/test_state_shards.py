"""The local state store: small shard files, batches all or nothing, old single files moved in."""

from __future__ import annotations

import json
from pathlib import Path

from store.atomic_file import write_json_atomic
from store.state_store import SHARDS, JsonFileStateStore


async def test_a_write_rewrites_one_small_shard_not_everything(tmp_path: Path) -> None:
    store = JsonFileStateStore(tmp_path / "state.json")
    await store.write({f"links/{n}": {"number": n} for n in range(2000)})
    shards = sorted((tmp_path / "state.json.d").glob("shard-*.json"))
    assert len(shards) == SHARDS
    before = {p: p.stat().st_mtime_ns for p in shards}
    await store.write({"links/one-more": {"number": 1}})
    changed = [p for p in shards if p.stat().st_mtime_ns != before[p]]
    assert len(changed) == 1
    assert changed[0].stat().st_size < sum(p.stat().st_size for p in shards) / 10


async def test_a_batch_interrupted_by_a_crash_is_finished_on_the_next_start(tmp_path: Path) -> None:
    store = JsonFileStateStore(tmp_path / "state.json")
    await store.write({"a": {"v": 1}})
    # what a kill leaves after the journal was written and before every shard was
    write_json_atomic(tmp_path / "state.json.d" / "journal.json", {"a": {"v": 2}, "b": {"v": 2}, "c": {"v": 2}})
    reopened = JsonFileStateStore(tmp_path / "state.json")
    assert await reopened.read(["a", "b", "c"]) == {"a": {"v": 2}, "b": {"v": 2}, "c": {"v": 2}}
    assert not (tmp_path / "state.json.d" / "journal.json").exists()


async def test_a_single_state_file_from_an_earlier_version_is_moved_in(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(json.dumps({"desk/team": {"team_id": "19:it"}, "x": {"y": 1}}))
    store = JsonFileStateStore(tmp_path / "state.json")
    assert await store.read(["desk/team", "x"]) == {"desk/team": {"team_id": "19:it"}, "x": {"y": 1}}
    assert not (tmp_path / "state.json").exists()
    assert await JsonFileStateStore(tmp_path / "state.json").read(["x"]) == {"x": {"y": 1}}
