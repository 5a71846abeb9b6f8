"""Run one aiohttp app on 127.0.0.1 until the parent goes away (stdin closes) or time runs out.

Every bench server is a child of `bench.run`; none of them can outlive it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading

from aiohttp import web

MAX_SECONDS = 900.0


def server_args(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, default=MAX_SECONDS)
    return parser


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    sys.stdin.buffer.read()  # returns at EOF: the parent closed the pipe or died
    loop.call_soon_threadsafe(stop.set)


async def serve(app: web.Application, port: int, max_seconds: float = MAX_SECONDS) -> None:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    threading.Thread(target=_watch_stdin, args=(asyncio.get_running_loop(), stop), daemon=True).start()
    try:
        await asyncio.wait_for(stop.wait(), max_seconds)
    except TimeoutError:
        pass
    finally:
        await runner.cleanup()
