"""`python -m bench.run` (or `make bench`): the desk against a stock echo bot and the protocol floor.

One run, one process tree: this process is the load generator; it starts a fake Bot Connector, seeds
a local store, then starts each bot in turn (so they never share the CPU), measures it and stops it.
Everything binds to 127.0.0.1 on free ports; every child exits when this process goes away.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout

from bench import activities
from bench.load import BadAnswer, Figures, expect_ok, measure, rss_mb
from bench.people import EMPLOYEES, employee, reference, requester_of, technician

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = 32
STATUS_TICKET = 500
REFERENCE = re.compile(r"\b(?:INC|REQ|CHG)-\d{6}\b")


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    port: int
    cold_start_ms: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the child's watchdog sees EOF and shuts down
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Result:
    target: str
    workload: str
    figures: Figures


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    cold_start_ms: dict[str, float] = field(default_factory=dict)
    memory_mb: dict[str, tuple[float, float]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start(name: str, module: str, logs: Path, *extra: str, max_seconds: float = 900) -> Child:
    """Spawn a server and time it until /healthz answers 200."""
    port = free_port()
    log = (logs / f"{name}.log").open("w")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), "--max-seconds", str(max_seconds), *extra],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    child = Child(name, process, port)
    async with ClientSession(timeout=ClientTimeout(total=2)) as session:
        while time.perf_counter() - started < 60:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {logs / (name + '.log')}")
            try:
                async with session.get(f"{child.url}/healthz") as response:
                    if response.status == 200:
                        child.cold_start_ms = (time.perf_counter() - started) * 1000
                        return child
            except OSError:
                pass
            await asyncio.sleep(0.002)
    child.stop()
    raise RuntimeError(f"{name} did not answer /healthz within 60 s")


@dataclass(frozen=True)
class Sizes:
    warmup: int
    sequential: int
    per_conversation: int  # turns per conversation in the concurrent phase

    def scaled(self, factor: float) -> Sizes:
        return Sizes(max(3, int(self.warmup * factor)), max(10, int(self.sequential * factor)),
                     max(2, int(self.per_conversation * factor)))


MESSAGE_SIZES = Sizes(warmup=20, sequential=300, per_conversation=20)
WRITE_SIZES = Sizes(warmup=10, sequential=150, per_conversation=8)


async def measure_echo(session: ClientSession, bot: Child, connector: str, sizes: Sizes) -> Figures:
    """The same text a requester sends to ask for a status, echoed."""
    url = f"{bot.url}/api/messages"
    text = f"status {reference(STATUS_TICKET)}"
    figures = await measure(
        session, url, bot.process.pid,
        seq=lambda i: activities.message(connector, employee(i % EMPLOYEES), text), seq_count=sizes.sequential,
        conc=lambda w, i: activities.message(connector, employee(w % EMPLOYEES), text),
        conversations=CONVERSATIONS, per_conversation=sizes.per_conversation, warmup=sizes.warmup)
    last = await last_sent(session, connector, employee(0).chat_id)
    if last.get("text") != f"Echo: {text}":
        raise BadAnswer(f"{bot.name} did not echo: {last}")
    return figures


async def last_sent(session: ClientSession, connector: str, conversation_id: str) -> dict:
    async with session.get(f"{connector}/_bench/last/{conversation_id}") as response:
        return await response.json()


async def connector_stats(session: ClientSession, connector: str) -> dict[str, int]:
    async with session.get(f"{connector}/_bench/stats") as response:
        return await response.json()


async def measure_desk(session: ClientSession, desk: Child, connector: str, message_sizes: Sizes,
                       write_sizes: Sizes) -> list[Result]:
    url = f"{desk.url}/api/messages"
    expect_ok(*await post_json(session, url, activities.bot_added_to_team(connector, technician(0))))
    results = []

    # status: the requester asks about their ticket (INC-000500 sequentially; each of 32 people one of theirs)
    asker = requester_of(STATUS_TICKET)
    own_ticket = [reference(481 + w % EMPLOYEES) for w in range(CONVERSATIONS)]  # (481 + w - 1) % 40 == w
    status = await measure(
        session, url, desk.process.pid,
        seq=lambda i: activities.message(connector, asker, f"status {reference(STATUS_TICKET)}"),
        seq_count=message_sizes.sequential,
        conc=lambda w, i: activities.message(connector, employee(w % EMPLOYEES), f"status {own_ticket[w]}"),
        conversations=CONVERSATIONS, per_conversation=message_sizes.per_conversation, warmup=message_sizes.warmup)
    answer = json.dumps(await last_sent(session, connector, asker.chat_id))
    if reference(STATUS_TICKET) not in answer or "application/vnd.microsoft.card.adaptive" not in answer:
        raise BadAnswer(f"the status answer is not the ticket's card: {answer[:300]}")
    results.append(Result("desk", "status", status))

    # intake: a valid form submitted (ticket saved, card posted to the channel, confirmation returned)
    opened: list[str] = []

    def confirmed(status_code: int, body: dict | None) -> None:
        expect_ok(status_code, body)
        found = REFERENCE.search(json.dumps(body))
        if body is None or body.get("type") != "application/vnd.microsoft.card.adaptive" or not found:
            raise BadAnswer(f"the intake was not confirmed: {body}")
        opened.append(found.group(0))

    before = await connector_stats(session, connector)
    intake = await measure(
        session, url, desk.process.pid,
        seq=lambda i: activities.intake_submit(connector, employee(i % EMPLOYEES)), seq_count=write_sizes.sequential,
        conc=lambda w, i: activities.intake_submit(connector, employee(w % EMPLOYEES)),
        conversations=CONVERSATIONS, per_conversation=write_sizes.per_conversation, warmup=write_sizes.warmup,
        check=confirmed)
    posted = (await connector_stats(session, connector)).get("create", 0) - before.get("create", 0)
    if posted != len(opened) or len(set(opened)) != len(opened):
        raise BadAnswer(f"{len(opened)} intakes confirmed, {len(set(opened))} distinct, {posted} cards posted")
    results.append(Result("desk", "intake", intake))

    # claim: a technician claims one of those tickets from its card in the channel
    queue = iter(opened)
    claimed: list[str] = []

    def claim_next(who: int) -> dict:
        ticket = next(queue)
        return activities.claim(connector, technician(who), ticket, thread=ticket)

    def card_for_technician(status_code: int, body: dict | None) -> None:
        expect_ok(status_code, body)
        text = json.dumps(body)
        if body is None or body.get("type") != "application/vnd.microsoft.card.adaptive" or "Technician" not in text:
            raise BadAnswer(f"the claim did not come back as the claimed card: {text[:300]}")
        claimed.append(text)

    before = await connector_stats(session, connector)
    claim = await measure(
        session, url, desk.process.pid, seq=lambda i: claim_next(0), seq_count=write_sizes.sequential,
        conc=lambda w, i: claim_next(w), conversations=CONVERSATIONS, per_conversation=write_sizes.per_conversation,
        warmup=write_sizes.warmup, check=card_for_technician)
    updated = (await connector_stats(session, connector)).get("update", 0) - before.get("update", 0)
    if updated < len(claimed):
        raise BadAnswer(f"{len(claimed)} claims answered but only {updated} channel cards updated")
    results.append(Result("desk", "claim", claim))
    return results


async def post_json(session: ClientSession, url: str, activity: dict) -> tuple[int, dict | None]:
    async with session.post(url, json=activity) as response:
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body


async def bench(tickets: int, scale: float, keep: bool) -> Run:
    run = Run()
    message_sizes, write_sizes = MESSAGE_SIZES.scaled(scale), WRITE_SIZES.scaled(scale)
    work = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    children: list[Child] = []
    try:
        connector = await start("connector", "bench.connector", work)
        children.append(connector)
        print(f"seeding {tickets} tickets into {work / 'data'} ...", flush=True)
        subprocess.run([sys.executable, "-m", "bench.seed", str(work / "data"), str(tickets)], cwd=ROOT, check=True)
        async with ClientSession(timeout=ClientTimeout(total=60)) as session:
            for name, module, extra in (("floor", "bench.floor_server", ()), ("echo", "bench.echo_server", ()),
                                        ("desk", "bench.desk_server", ("--data-dir", str(work / "data")))):
                print(f"measuring {name} ...", flush=True)
                child = await start(name, module, work, *extra)
                children.append(child)
                run.cold_start_ms[name] = child.cold_start_ms
                if name == "desk":
                    run.results += await measure_desk(session, child, connector.url, message_sizes, write_sizes)
                else:
                    figures = await measure_echo(session, child, connector.url, message_sizes)
                    run.results.append(Result(name, "message", figures))
                run.memory_mb[name] = rss_mb(child.process.pid)
                child.stop()
    finally:
        for child in reversed(children):
            child.stop()
        if not keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
        else:
            print(f"kept {work}")
    return run


def report(run: Run, tickets: int) -> str:
    echo = next(r.figures for r in run.results if r.target == "echo")
    lines = [
        f"service desk bench: {tickets} tickets in the local store, {CONVERSATIONS} concurrent conversations, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "",
        f"{'bot':<6}{'workload':<9}{'p50 ms':>8}{'p99 ms':>8}{'seq/s':>8}{'32-conv/s':>11}{'CPU ms':>8}"
        f"{'p50/echo':>10}{'rate/echo':>11}{'CPU/echo':>10}",
    ]
    for result in run.results:
        f = result.figures
        lines.append(
            f"{result.target:<6}{result.workload:<9}{f.p50:>8.1f}{f.p99:>8.1f}{f.sequential_rate:>8.0f}"
            f"{f.concurrent_rate:>11.0f}{f.cpu_ms_per_message:>8.1f}{f.p50 / echo.p50:>10.2f}"
            f"{f.concurrent_rate / echo.concurrent_rate:>11.2f}{f.cpu_ms_per_message / echo.cpu_ms_per_message:>10.2f}")
    load = os.getloadavg()
    lines += ["", f"load average at the end (other work on the machine skews latency, not CPU ms): "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"]
    lines += ["cold start to /healthz: " + ", ".join(f"{k} {v:.0f} ms" for k, v in run.cold_start_ms.items()),
              "resident memory after the run (peak): " +
              ", ".join(f"{k} {now:.0f} MiB ({peak:.0f})" for k, (now, peak) in run.memory_mb.items()), ""]
    by = {r.workload: r.figures for r in run.results if r.target == "desk"}
    checks = [
        ("status p50 <= 0.5x echo p50", by["status"].p50 <= 0.5 * echo.p50, by["status"].p50 / echo.p50),
        ("status 32-conv rate >= 2.5x echo", by["status"].concurrent_rate >= 2.5 * echo.concurrent_rate,
         by["status"].concurrent_rate / echo.concurrent_rate),
        ("intake p50 < 3x echo p50", by["intake"].p50 < 3 * echo.p50, by["intake"].p50 / echo.p50),
    ]
    lines += ["targets (issue 8):"] + [f"  {'PASS' if ok else 'FAIL'}  {what}  (x{ratio:.2f})"
                                       for what, ok, ratio in checks]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1000, help="tickets seeded into the desk's store")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the request counts (0.25: a quick look)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store and the servers' logs")
    arguments = parser.parse_args()
    if arguments.tickets < STATUS_TICKET + 20:
        parser.error(f"seed at least {STATUS_TICKET + 20} tickets (the status workload asks about {STATUS_TICKET})")
    run = asyncio.run(bench(arguments.tickets, arguments.scale, arguments.keep))
    print(report(run, arguments.tickets))
    if arguments.json:
        arguments.json.write_text(json.dumps({
            "tickets": arguments.tickets,
            "results": [{"bot": r.target, "workload": r.workload, "p50_ms": r.figures.p50, "p99_ms": r.figures.p99,
                         "sequential_per_s": r.figures.sequential_rate, "concurrent_per_s": r.figures.concurrent_rate,
                         "cpu_ms_per_message": r.figures.cpu_ms_per_message} for r in run.results],
            "cold_start_ms": run.cold_start_ms, "memory_mb": run.memory_mb,
        }, indent=2))


if __name__ == "__main__":
    main()
