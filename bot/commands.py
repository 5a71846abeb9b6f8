"""The bot's command table: one source for parsing, `/help` and the manifest's command lists."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    PERSONAL = "personal"  # the employee's 1:1 chat with the bot
    TEAM = "team"  # a technicians' channel, after an @mention


@dataclass(frozen=True)
class Command:
    name: str
    scopes: tuple[Scope, ...]
    usage: str
    description: str  # under 128 characters: Teams' command menu limit


COMMANDS: tuple[Command, ...] = (
    Command("new", (Scope.PERSONAL,), "new", "Open a new ticket"),
    Command("status", (Scope.PERSONAL, Scope.TEAM), "status INC-000042", "Show where a ticket stands"),
    Command("mytickets", (Scope.PERSONAL,), "mytickets", "List your open tickets"),
    Command("cancel", (Scope.PERSONAL,), "cancel [INC-000042]",
            "Leave the form you are filling in, or withdraw a ticket nobody has started on"),
    Command("reply", (Scope.PERSONAL,), "reply INC-000042 your message", "Add your answer to one of your tickets"),
    Command("queue", (Scope.TEAM,), "queue [high] [all] | queue here [name]",
            "Open tickets nobody has claimed (add high, or all); 'queue here [name]' posts a queue's tickets here"),
    Command("mine", (Scope.TEAM,), "mine", "List the open tickets assigned to you"),
    Command("note", (Scope.TEAM,), "note your text",
            "In a ticket's thread: an internal note (plain messages there go to the requester)"),
    Command("kb", (Scope.PERSONAL, Scope.TEAM), "kb your question", "Search the knowledge base"),
    Command("report", (Scope.TEAM,), "report [7d|30d] [queue]",
            "The desk's numbers: volume, response and resolution times, SLA, backlog, deflection"),
    Command("export", (Scope.TEAM,), "export [30d] [queue]", "Tickets and their history as CSV files for Excel"),
    Command("help", (Scope.PERSONAL, Scope.TEAM), "help", "Show what I can do"),
)

_BY_NAME = {c.name: c for c in COMMANDS}


@dataclass(frozen=True)
class ParsedCommand:
    command: Command
    args: str


def commands_for(scope: Scope) -> list[Command]:
    return [c for c in COMMANDS if scope in c.scopes]


def parse_command(text: str, scope: Scope) -> ParsedCommand | None:
    """`/status INC-1`, `Status inc-1` -> status with args; None when the text is not a command
    of this scope (in the 1:1 chat such text starts an intake)."""
    words = (text or "").strip().split(maxsplit=1)
    if not words:
        return None
    name = words[0].lower().lstrip("/")
    command = _BY_NAME.get(name)
    if command is None or scope not in command.scopes:
        return None
    return ParsedCommand(command, words[1].strip() if len(words) > 1 else "")
