"""The background loop: one failing job does not stop the others; `once` jobs run until they succeed."""

from __future__ import annotations

from bot.background import Background, once


async def test_a_failing_job_does_not_stop_the_others_and_once_runs_until_it_succeeds() -> None:
    calls: list[str] = []
    attempts = {"n": 0}

    async def flaky_once() -> None:
        attempts["n"] += 1
        calls.append("once")
        if attempts["n"] == 1:
            raise RuntimeError("store not ready")

    async def every_round() -> None:
        calls.append("round")

    background = Background([once(flaky_once), every_round], interval_seconds=60)
    for _ in range(3):
        await background.run_once()
    assert calls == ["once", "round", "once", "round", "round"]
