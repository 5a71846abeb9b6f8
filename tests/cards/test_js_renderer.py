"""The Adaptive Cards JS renderer (npm adaptivecards 3.0.6) parses and renders every card without a
complaint: it catches bad enum values, unknown elements and duplicate ids beyond the JSON schema.

Needs Node and `npm ci --prefix tests/cards/js`; skipped where those are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cards.test_schema import CARDS

JS = Path(__file__).parent / "js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None or not (JS / "node_modules" / "adaptivecards").is_dir(),
    reason="run `npm ci --prefix tests/cards/js` to check cards with the JS renderer",
)


def render(cards: dict[str, dict]) -> dict[str, dict]:
    done = subprocess.run(
        [NODE or "node", str(JS / "render.js")], input=json.dumps(cards), capture_output=True, text=True,
        check=True, timeout=120,
    )
    return json.loads(done.stdout)


def test_every_card_renders_without_a_problem():
    results = render({name: build() for name, build in CARDS.items()})
    assert set(results) == set(CARDS)
    assert {name: r["problems"] for name, r in results.items() if r["problems"]} == {}
    assert all(r["html"] > 0 for r in results.values())


def test_the_renderer_check_does_report_problems():
    bad = {"type": "AdaptiveCard", "version": "1.5",
           "body": [{"type": "TextBlok", "text": "x"}, {"type": "TextBlock", "text": "y", "color": "red"}]}
    problems = render({"bad": bad})["bad"]["problems"]
    assert any("TextBlok" in p for p in problems) and any("red" in p for p in problems)
