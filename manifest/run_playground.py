"""`make playground`: the bot on the local store plus Microsoft 365 Agents Playground pointed at it.

Installs the playground (pinned in manifest/playground/package-lock.json) into `.playground/`, starts
the bot with authentication off on 127.0.0.1, starts the playground on 127.0.0.1 with the pretend
tenant in manifest/playground/.m365agentsplayground.yml, and stops both on Ctrl-C. Tests use the
same functions, so what they try is what a newcomer runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "manifest" / "playground"  # committed: package.json, lock, tenant config, preload
INSTALL = ROOT / ".playground"  # gitignored: node_modules and the playground's log
CONFIG = SOURCE / ".m365agentsplayground.yml"
PRELOAD = SOURCE / "listen-local.js"
CLI = Path("node_modules") / "@microsoft" / "m365agentsplayground" / "cli.js"
PERSONAL_CHAT = "personal-chat-alex"  # ids from the tenant config
TEAM = "team-it-technicians"
USER = "user-id-0"


class PlaygroundError(RuntimeError):
    """Something a newcomer can fix: Node missing, a port taken, the bot not starting."""


@dataclass
class Running:
    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)  # the playground's console, read as it comes
    reader: threading.Thread | None = None

    def stop(self) -> None:
        """Ask the process group to stop; kill it if it has not after a few seconds."""
        try:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
        except ProcessLookupError:  # it ended between the check and the signal
            self.process.wait()
        finally:
            if self.reader is not None:
                self.reader.join(timeout=5)
            if self.process.stdout is not None:
                self.process.stdout.close()


def install(folder: Path = INSTALL) -> Path:
    """`npm ci` the pinned playground into `folder`, unless that exact lock file is installed."""
    npm = shutil.which("npm")
    if npm is None:
        raise PlaygroundError("Node.js 20+ with npm is needed for the playground: https://nodejs.org")
    folder.mkdir(parents=True, exist_ok=True)
    lock = (SOURCE / "package-lock.json").read_bytes()
    installed = folder / "node_modules" / ".service-desk-lock.json"
    if (folder / CLI).is_file() and installed.is_file() and installed.read_bytes() == lock:
        return folder
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(SOURCE / name, folder / name)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=folder, check=True)
    installed.write_bytes(lock)
    return folder


def _wait_until_up(url: str, process: subprocess.Popen[str], what: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PlaygroundError(f"{what} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise PlaygroundError(f"{what} did not answer {url} within {limit:.0f} s")


def start_bot(port: int, data_dir: Path, env: Mapping[str, str] | None = None) -> Running:
    """The bot on the local TinyDB store, auth off (the playground sends no tokens), on 127.0.0.1."""
    bot_env = {**(env if env is not None else os.environ), "PORT": str(port), "HOST": "127.0.0.1",
               "DESK_DATA_DIR": str(data_dir), "DESK_STORE": "tinydb",
               "MicrosoftAppId": "", "MicrosoftAppPassword": ""}  # empty values win over a .env file
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=bot_env, text=True,
                               start_new_session=True)
    running = Running(process, f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(f"{running.url}/healthz", process, "The bot")
    except PlaygroundError:
        running.stop()
        raise
    return running


def _read_console(running: Running, echo: bool) -> None:
    """Keep reading the playground's output so a full pipe never blocks it."""
    assert running.process.stdout is not None
    for line in running.process.stdout:
        running.output.append(line)
        if echo:
            print(f"[playground] {line}", end="", flush=True)


def start_playground(bot_port: int, port: int, folder: Path = INSTALL, *, log_file: Path | None = None,
                     env: Mapping[str, str] | None = None, echo: bool = False) -> Running:
    """The playground on 127.0.0.1:`port`, talking to the bot; refuses to run on any other port."""
    node = shutil.which("node")
    if node is None:
        raise PlaygroundError("Node.js 20+ is needed for the playground: https://nodejs.org")
    url = f"http://127.0.0.1:{port}"
    play_env = {**(env if env is not None else os.environ),
                "TEAMSAPPTESTER_BROWSER": "none", "APPLICATION_INSIGHTS_NO_STATSBEAT": "true",
                "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(CONFIG),
                "M365_AGENTS_PLAYGROUND_LOGFILE": str(log_file or folder / "playground.log")}
    command = [node, "--require", str(PRELOAD), str(CLI),
               "--app-endpoint", f"http://127.0.0.1:{bot_port}/api/messages", "--channel-id", "msteams",
               "--port", str(port), "--service-url", f"{url}/_connector", "--disable-telemetry"]
    process = subprocess.Popen(command, cwd=folder, env=play_env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    running = Running(process, url)
    assert process.stdout is not None
    first = process.stdout.readline()  # "Listening on <port>": a busy port is silently swapped
    listening = re.search(r"Listening on (\d+)", first)
    if listening is None or int(listening.group(1)) != port:
        running.stop()
        raise PlaygroundError(f"The playground could not take port {port} (said: {first.strip()!r}); "
                              "set PLAYGROUND_PORT to a free one")
    running.reader = threading.Thread(target=_read_console, args=(running, echo), daemon=True)
    running.reader.start()
    try:
        _wait_until_up(f"{url}/_debug/ping", process, "The playground")
    except PlaygroundError:
        running.stop()
        raise
    return running


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C and a plain `kill` both stop the bot and the playground (they run in their own sessions).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    bot_port = int(os.environ.get("PORT", "3978"))
    port = int(os.environ.get("PLAYGROUND_PORT", "56150"))
    data_dir = Path(os.environ.get("DESK_DATA_DIR", ROOT / "data"))
    started: list[Running] = []
    try:
        install()
        started.append(start_bot(bot_port, data_dir))
        started.append(start_playground(bot_port, port, echo=True))
        print(f"\nThe service desk is running on the local store ({data_dir}).\n"
              f"Open {started[-1].url} in a browser: 'Personal Chat' is your 1:1 chat with the bot,\n"
              f"'IT Technicians' > 'General' is the technicians' channel. Ctrl-C stops both.\n", flush=True)
        return started[-1].process.wait()
    except PlaygroundError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        for running in reversed(started):
            running.stop()


if __name__ == "__main__":
    sys.exit(main())
