"""The Teams app package an admin uploads: valid against the official schema, icons Teams accepts,
and a command menu that matches what the bot understands."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from bot.commands import COMMANDS, Scope, commands_for
from manifest import build, icons
from manifest.png import decode

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"  # a dummy GUID
GRAPH_APP_ID = "6b1e3c52-9f6f-4c62-8d2a-1c9a0e6f7b10"
ENV = {"MicrosoftAppId": APP_ID, "DESK_PUBLIC_HOSTNAME": "desk.contoso.com"}


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """manifest/node_modules, installed from the lock file when missing (`make test` does it first)."""
    folder = ROOT / "manifest" / "node_modules"
    if not (folder / "@microsoft" / "app-manifest").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("Node.js 20+ with npm is needed to validate the Teams package against its schema")
        subprocess.run([npm, "ci", "--prefix", str(ROOT / "manifest"), "--no-audit", "--no-fund"], check=True)
    return folder


def _build(tmp_path: Path, env: dict[str, str] = ENV) -> Path:
    return build.build_package(build.settings_from_env(env), tmp_path / "app.zip")


def _validate(package: Path) -> tuple[int, dict]:
    done = subprocess.run(
        ["node", str(ROOT / "manifest" / "validate.js"), str(package)], capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _manifest(package: Path) -> dict:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read("manifest.json"))


def test_built_package_passes_the_official_teams_schema(tmp_path: Path, node_tools: Path) -> None:
    code, result = _validate(_build(tmp_path))
    assert result["errors"] == []
    assert code == 0
    assert "/teams/v1.22/" in result["schema"]  # the bundled copy, not a download


def test_validator_reports_a_broken_manifest(tmp_path: Path, node_tools: Path) -> None:
    package = _build(tmp_path)
    manifest = _manifest(package)
    manifest["bots"][0]["scopes"] = ["everyone"]
    del manifest["developer"]["privacyUrl"]
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(package) as good, zipfile.ZipFile(broken, "w") as bad:
        bad.writestr("manifest.json", json.dumps(manifest))
        bad.writestr("color.png", good.read("color.png"))
    code, result = _validate(broken)
    assert code == 1
    joined = "\n".join(result["errors"])
    assert "/bots/0/scopes/0" in joined
    assert "privacyUrl" in joined
    assert "outline.png" in joined  # named in the manifest, missing from the zip


def test_package_holds_manifest_and_icons_at_its_root(tmp_path: Path) -> None:
    with zipfile.ZipFile(_build(tmp_path)) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_colour_icon_is_192_square_and_opaque(tmp_path: Path) -> None:
    with zipfile.ZipFile(_build(tmp_path)) as archive:
        image = decode(archive.read("color.png"))
    assert (image.width, image.height) == (192, 192)
    pixels = image.pixels()
    assert all(alpha == 255 for *_, alpha in pixels)
    assert len({p[:3] for p in pixels}) > 2  # a drawing, not a flat square


def test_outline_icon_is_32_square_white_on_transparent(tmp_path: Path) -> None:
    with zipfile.ZipFile(_build(tmp_path)) as archive:
        image = decode(archive.read("outline.png"))
    assert (image.width, image.height) == (32, 32)
    assert image.colour_type == 6  # has an alpha channel
    corners = [image.pixel(0, 0), image.pixel(31, 0), image.pixel(0, 31), image.pixel(31, 31)]
    assert all(alpha == 0 for *_, alpha in corners)
    visible = [p for p in image.pixels() if p[3] > 0]
    assert visible and all(p[:3] == (255, 255, 255) for p in visible)
    assert sum(p[3] == 255 for p in visible) > 50  # a real outline, not a faint smudge
    assert sum(p[3] == 0 for p in image.pixels()) > 32 * 32 / 2  # mostly transparent


def test_committed_icons_are_the_ones_the_project_draws(tmp_path: Path) -> None:
    colour, outline = icons.write_icons(tmp_path)
    assert colour.read_bytes() == (ROOT / "manifest" / "color.png").read_bytes()
    assert outline.read_bytes() == (ROOT / "manifest" / "outline.png").read_bytes()


def test_command_lists_are_the_bots_command_table(tmp_path: Path) -> None:
    bot = _manifest(_build(tmp_path))["bots"][0]
    menus = {tuple(entry["scopes"]): entry["commands"] for entry in bot["commandLists"]}
    for scope in (Scope.PERSONAL, Scope.TEAM):
        assert menus[(str(scope),)] == [{"title": c.name, "description": c.description} for c in commands_for(scope)]
    listed = {c["title"] for commands in menus.values() for c in commands}
    assert listed == {c.name for c in COMMANDS}
    assert set(bot["scopes"]) == {str(s) for c in COMMANDS for s in c.scopes}


def test_settings_fill_ids_version_and_domain(tmp_path: Path) -> None:
    env = {**ENV, "DESK_APP_VERSION": "2.3.4", "GRAPH_CLIENT_ID": GRAPH_APP_ID,
           "DESK_PRIVACY_URL": "https://contoso.com/privacy"}
    manifest = _manifest(_build(tmp_path, env))
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["version"] == "2.3.4"
    assert manifest["validDomains"] == ["desk.contoso.com"]
    assert manifest["webApplicationInfo"] == {"id": GRAPH_APP_ID, "resource": f"api://{GRAPH_APP_ID}"}
    assert manifest["developer"]["websiteUrl"] == "https://desk.contoso.com/"
    assert manifest["developer"]["privacyUrl"] == "https://contoso.com/privacy"
    assert manifest["bots"][0]["supportsFiles"] is False
    assert set(manifest["permissions"]) == {"identity", "messageTeamMembers"}


def test_version_defaults_to_the_apps_version(tmp_path: Path) -> None:
    assert _manifest(_build(tmp_path))["version"] == build.VERSION


def test_make_package_without_app_id_names_the_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = build.main(["--output", str(tmp_path / "app.zip")], env={"DESK_PUBLIC_HOSTNAME": "desk.contoso.com"})
    assert code == 2
    assert "MicrosoftAppId is missing" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()


def test_every_bad_setting_is_named_at_once() -> None:
    with pytest.raises(build.PackagingError) as caught:
        build.settings_from_env({"MicrosoftAppId": "not-a-guid", "DESK_APP_VERSION": "1.0",
                                 "DESK_PUBLIC_HOSTNAME": "https://desk.contoso.com/api/messages"})
    message = str(caught.value)
    for name in ("MicrosoftAppId", "DESK_APP_VERSION", "DESK_PUBLIC_HOSTNAME"):
        assert name in message


def test_two_builds_of_the_same_settings_are_identical(tmp_path: Path) -> None:
    first = _build(tmp_path).read_bytes()
    second = build.build_package(build.settings_from_env(ENV), tmp_path / "again.zip").read_bytes()
    assert first == second
