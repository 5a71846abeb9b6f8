"""The house rules that keep the domain core portable."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = {"botbuilder", "botframework", "msgraph", "kiota_abstractions", "kiota_http", "azure", "aiohttp",
              "tinydb", "msrest", "yaml", "httpx"}
EDGE_ONLY = {"botbuilder", "botframework"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_domain_core_imports_no_framework() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FRAMEWORKS)
        for path in (ROOT / "tickets").rglob("*.py")
        if imported_roots(path) & FRAMEWORKS
    }
    assert offenders == {}


def test_botbuilder_stays_at_the_edge() -> None:
    allowed = {"bot", "dialogs", "tests", "bench"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and "node_modules" not in path.parts
        and path.relative_to(ROOT).parts[0] not in allowed and path.name != "app.py"
        and imported_roots(path) & EDGE_ONLY
    ]
    assert offenders == []


def test_the_rule_checker_sees_a_framework_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from tinydb import TinyDB\nimport os\n")
    assert imported_roots(sample) & FRAMEWORKS == {"tinydb"}
