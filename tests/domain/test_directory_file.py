"""The file-based directory gives routing its requester context: department, job title, manager."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.directory_file import FileDirectory
from tickets.model import Person

YAML = """
users:
  - id: 6f1c-ada
    upn: Ada@Contoso.example
    name: Ada Employee
    department: Finance
    job_title: Analyst
    manager: bob@contoso.example
  - id: 7a2d-bob
    upn: bob@contoso.example
    name: Bob Boss
    department: Finance
    job_title: Finance Director
"""


async def test_a_user_is_found_by_object_id_or_principal_name(tmp_path: Path) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(YAML, encoding="utf-8")
    directory = FileDirectory(path)
    ada = Person("6f1c-ada", "Ada Employee", "Ada@Contoso.example", "Finance", "Analyst", manager_id="7a2d-bob")
    assert await directory.lookup("6f1c-ada") == ada
    assert await directory.lookup("ada@contoso.example") == ada
    assert (await directory.lookup("7a2d-bob")).job_title == "Finance Director"
    assert await directory.lookup("nobody") is None


async def test_a_json_mapping_by_id_works_too_and_edits_are_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "directory.json"
    path.write_text(json.dumps({"users": {"u-1": {"name": "Cy", "department": "Sales"}}}), encoding="utf-8")
    directory = FileDirectory(path)
    assert (await directory.lookup("u-1")).department == "Sales"
    path.write_text(json.dumps({"users": {"u-1": {"name": "Cy", "department": "Finance, EMEA"}}}), encoding="utf-8")
    assert (await directory.lookup("u-1")).department == "Finance, EMEA"


async def test_a_broken_edit_keeps_the_last_good_directory(tmp_path: Path) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(YAML, encoding="utf-8")
    directory = FileDirectory(path)
    path.write_text("users: [", encoding="utf-8")
    assert (await directory.lookup("6f1c-ada")).department == "Finance"


@pytest.mark.parametrize(("text", "message"), [
    ("users:\n  - name: No Id\n", "users[0]: give the user's id (AAD object id) or upn"),
    ("users:\n  - id: x\n    dept: IT\n", "users[0].dept: unknown field"),
    ("users:\n  - id: x\n  - id: x\n", "users[1]: 'x' is listed twice"),
    ("users: 3\n", "users: a list (or a mapping by id) of users is expected"),
    ("users: [\n", "not valid YAML"),
])
def test_a_wrong_file_is_refused_naming_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        FileDirectory(path)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)
