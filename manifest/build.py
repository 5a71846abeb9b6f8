"""Build the Teams app package (`make package`): manifest.json plus both icons in one zip.

The template holds the texts an admin reads; this fills in what differs per installation (app id,
version, host name, publisher links) from settings, and the command lists from `bot/commands.py`,
so the command menu Teams shows always matches what the bot parses and what `/help` lists.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.commands import Scope, commands_for
from config import read_dotenv
from manifest.png import decode

VERSION = "1.0.0"  # the app's version; DESK_APP_VERSION overrides it for a build
HERE = Path(__file__).parent
ROOT = HERE.parent
TEMPLATE = HERE / "manifest.template.json"
ICONS = {"color.png": (192, 192), "outline.png": (32, 32)}
DEFAULT_OUTPUT = ROOT / "build" / "service-desk-teams-app.zip"
MAX_COMMANDS = 10  # per command list, the schema's limit
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_HOSTNAME = re.compile(r"^(\*\.)?([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+$")
# A zip's entries carry a date; a fixed one makes two builds of the same input byte-identical.
_ZIP_DATE = (2025, 1, 1, 0, 0, 0)


class PackagingError(Exception):
    """The settings cannot make a package; the message names every setting to fix."""


@dataclass(frozen=True)
class PackageSettings:
    app_id: str
    version: str
    hostname: str | None
    graph_app_id: str
    app_id_uri: str
    organisation: str
    website_url: str
    privacy_url: str
    terms_url: str


def settings_from_env(env: Mapping[str, str]) -> PackageSettings:
    """Read and check the packaging settings; raise PackagingError listing all problems at once."""

    def get(name: str) -> str:
        return env.get(name, "").strip()

    problems: list[str] = []
    app_id = get("MicrosoftAppId")
    if not app_id:
        problems.append("MicrosoftAppId is missing: set it to the Azure Bot's Microsoft App ID (a GUID)")
    elif not _GUID.match(app_id):
        problems.append(f"MicrosoftAppId {app_id!r} is not a GUID")
    version = get("DESK_APP_VERSION") or VERSION
    if not _SEMVER.match(version):
        problems.append(f"DESK_APP_VERSION {version!r} must look like 1.2.3 (Teams wants three numbers)")
    hostname = get("DESK_PUBLIC_HOSTNAME") or None
    if hostname and not _HOSTNAME.match(hostname):
        problems.append(f"DESK_PUBLIC_HOSTNAME {hostname!r} must be a bare host name, e.g. desk.contoso.com")
    graph_app_id = get("GRAPH_CLIENT_ID") or app_id  # the app registration the bot uses for Graph
    if graph_app_id and not _GUID.match(graph_app_id):
        problems.append(f"GRAPH_CLIENT_ID {graph_app_id!r} is not a GUID")
    website = get("DESK_WEBSITE_URL") or (f"https://{hostname}/" if hostname else "")
    if not website:
        problems.append("DESK_WEBSITE_URL (or DESK_PUBLIC_HOSTNAME) is missing: Teams shows it as the app's support page")
    urls = {
        "DESK_WEBSITE_URL": website,
        "DESK_PRIVACY_URL": get("DESK_PRIVACY_URL") or website,
        "DESK_TERMS_URL": get("DESK_TERMS_URL") or website,
    }
    for name, url in urls.items():
        if url and not url.startswith("https://"):
            problems.append(f"{name} {url!r} must start with https://")
    organisation = get("DESK_ORG_NAME") or "IT Service Desk"
    if len(organisation) > 32:
        problems.append(f"DESK_ORG_NAME must be at most 32 characters, got {len(organisation)}")
    if problems:
        raise PackagingError("Cannot build the Teams app package:\n  - " + "\n  - ".join(problems))
    return PackageSettings(
        app_id=app_id.lower(),
        version=version,
        hostname=hostname,
        graph_app_id=graph_app_id.lower(),
        app_id_uri=get("DESK_APP_ID_URI") or f"api://{graph_app_id.lower()}",
        organisation=organisation,
        website_url=urls["DESK_WEBSITE_URL"],
        privacy_url=urls["DESK_PRIVACY_URL"],
        terms_url=urls["DESK_TERMS_URL"],
    )


def command_lists() -> list[dict[str, object]]:
    """One command list per scope, in the bot's own order and words."""
    lists = []
    for scope in (Scope.PERSONAL, Scope.TEAM):
        commands = commands_for(scope)
        if len(commands) > MAX_COMMANDS:
            raise PackagingError(f"Teams shows at most {MAX_COMMANDS} commands per scope; {scope} has {len(commands)}")
        lists.append({
            "scopes": [str(scope)],
            "commands": [{"title": c.name, "description": c.description} for c in commands],
        })
    return lists


def render_manifest(settings: PackageSettings, template: Path = TEMPLATE) -> dict[str, object]:
    manifest = json.loads(template.read_text(encoding="utf-8"))
    manifest["id"] = settings.app_id
    manifest["version"] = settings.version
    manifest["developer"] = {
        "name": settings.organisation,
        "websiteUrl": settings.website_url,
        "privacyUrl": settings.privacy_url,
        "termsOfUseUrl": settings.terms_url,
    }
    bot = manifest["bots"][0]
    bot["botId"] = settings.app_id
    bot["commandLists"] = command_lists()
    manifest["validDomains"] = [settings.hostname] if settings.hostname else []
    manifest["webApplicationInfo"] = {"id": settings.graph_app_id, "resource": settings.app_id_uri}
    leftover = re.findall(r"\{\{[^}]*\}\}", json.dumps(manifest))
    if leftover:
        raise PackagingError(f"manifest template has unfilled placeholders: {', '.join(leftover)}")
    return manifest


def _icon_bytes(folder: Path) -> dict[str, bytes]:
    icons = {}
    for name, size in ICONS.items():
        data = (folder / name).read_bytes()
        image = decode(data)
        if (image.width, image.height) != size:
            raise PackagingError(f"{name} is {image.width}x{image.height}; Teams needs {size[0]}x{size[1]}")
        icons[name] = data
    return icons


def build_package(settings: PackageSettings, output: Path = DEFAULT_OUTPUT, icons: Path = HERE) -> Path:
    """Write the zip Teams imports: manifest.json and the icons at the zip's root."""
    files = {"manifest.json": (json.dumps(render_manifest(settings), indent=2) + "\n").encode()}
    files.update(_icon_bytes(icons))
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(zipfile.ZipInfo(name, date_time=_ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return output


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the zip")
    args = parser.parse_args(argv)
    if env is None:  # the same sources as the bot's own settings: .env, overlaid by the environment
        env = {**read_dotenv(ROOT / ".env"), **os.environ}
    try:
        path = build_package(settings_from_env(env), args.output)
    except PackagingError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
