"""A Directory read from a JSON or YAML file (`DESK_DIRECTORY`): requester context for the local store.

    users:
      - id: 6f1c...            # the Entra (AAD) object id; optional when upn is given
        upn: ada@contoso.com   # user principal name; optional when id is given
        name: Ada Employee
        email: ada@contoso.com # defaults to the upn
        department: Finance
        job_title: Analyst
        manager: bob@contoso.com   # the manager's id or upn

`users` may also be a mapping keyed by id or upn. Look-ups match the id exactly or the upn in any
case. The file is read again when it changes, so edits need no restart.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import yaml

from tickets.model import Person

log = logging.getLogger(__name__)
_FIELDS = ("id", "upn", "name", "email", "department", "job_title", "manager")


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError(f"{where}.{key}: a text is expected")
    return str(value).strip()


def _entries(raw: object, source: str) -> list[tuple[str, dict]]:
    users = raw.get("users") if isinstance(raw, dict) else raw
    if isinstance(users, list):
        return [(f"users[{i}]", u) for i, u in enumerate(users)]
    if isinstance(users, dict):
        found = []
        for key, entry in users.items():
            if isinstance(entry, dict) and not entry.get("id") and not entry.get("upn"):
                entry = {**entry, ("upn" if "@" in str(key) else "id"): str(key)}
            found.append((f"users.{key}", entry))
        return found
    raise ValueError(f"{source}: users: a list (or a mapping by id) of users is expected")


def parse_directory(raw: object, source: str) -> dict[str, Person]:
    """Every person under each of their keys (id, lower-cased upn); ValueError names file and key."""
    people: dict[str, Person] = {}
    managers: dict[str, str] = {}
    for where, entry in _entries(raw, source):
        if not isinstance(entry, dict):
            raise ValueError(f"{source}: {where}: a mapping with {', '.join(_FIELDS)} is expected")
        unknown = sorted(str(k) for k in entry if k not in _FIELDS)
        if unknown:
            raise ValueError(f"{source}: {where}.{unknown[0]}: unknown field (known: {', '.join(_FIELDS)})")
        values = {key: _text(entry, key, f"{source}: {where}") for key in _FIELDS}
        if not values["id"] and not values["upn"]:
            raise ValueError(f"{source}: {where}: give the user's id (AAD object id) or upn")
        person = Person(
            id=values["id"] or values["upn"], name=values["name"] or values["upn"] or values["id"],
            email=values["email"] or values["upn"], department=values["department"],
            job_title=values["job_title"],
        )
        for key in (values["id"], values["upn"].lower()):
            if not key:
                continue
            if key in people:
                raise ValueError(f"{source}: {where}: '{key}' is listed twice")
            people[key] = person
        managers[person.id] = values["manager"]
    # A manager named by upn is stored by id when the directory knows them.
    resolved = {}
    for key, person in people.items():
        manager = managers.get(person.id, "")
        known = people.get(manager) or people.get(manager.lower())
        resolved[key] = Person(person.id, person.name, person.email, person.department, person.job_title,
                               manager_id=known.id if known else manager)
    return resolved


def load_directory(path: Path) -> dict[str, Person]:
    text = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {error}") from None
    return parse_directory(raw, str(path))


class FileDirectory:
    """The `Directory` port over a file; raises ValueError at construction if the file is wrong."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stamp = self._mtime()
        self._people = load_directory(self.path)

    def _mtime(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def _refresh(self) -> None:
        stamp = self._mtime()
        if stamp is None or stamp == self._stamp:
            return
        try:
            self._people = load_directory(self.path)
        except (OSError, ValueError):  # keep serving the last good file while someone edits it
            log.warning("the directory file %s could not be read again; keeping the previous one", self.path,
                        exc_info=True)
        self._stamp = stamp

    async def lookup(self, person_id: str) -> Person | None:
        self._refresh()
        key = (person_id or "").strip()
        return self._people.get(key) or self._people.get(key.lower())
