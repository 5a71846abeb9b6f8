"""One typed settings object, read once from the environment (a local `.env` file is allowed).

Start-up fails with one message that names every missing or invalid setting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph.settings import GraphSettings

STORES = ("tinydb", "sharepoint")
APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")
ROOT = Path(__file__).resolve().parent
_CONTAINER = re.compile(r"(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*")


class SettingsError(ValueError):
    """Raised with every problem at once, one per line."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = ""
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    port: int = 3978
    host: str = "0.0.0.0"
    data_dir: Path = ROOT / "data"
    store: str = "tinydb"
    desk_config: Path = ROOT / "desk.yaml"
    directory_file: Path | None = None
    sla_scan_seconds: float | None = None
    graph: GraphSettings | None = None  # with DESK_STORE=sharepoint
    kb_dir: Path = ROOT / "kb"
    public_url: str = ""  # how users reach this bot over HTTPS, for export links
    instance_id: str = ""  # App Service's WEBSITE_INSTANCE_ID: instances there share /home

    @property
    def instance_dir(self) -> Path:
        """Where this instance keeps what only it may replay (the Graph outbox, notices owed to Teams)."""
        return self.data_dir / f"instance-{self.instance_id}" if self.instance_id else self.data_dir
    state_blob_connection_string: str = field(default="", repr=False)  # set: state and leases in Blob Storage
    state_blob_container: str = "desk-state"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    def bot_framework_config(self) -> object:
        """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""
        return _BotFrameworkConfig(self)


class _BotFrameworkConfig:
    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.app_tenant_id


def read_dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines; `#` comments and blank lines ignored; quotes around values removed."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def load_settings(env: Mapping[str, str] | None = None, dotenv: Path | None = ROOT / ".env") -> Settings:
    """Settings from `env` (default: `.env` overlaid by the process environment)."""
    if env is None:
        env = {**(read_dotenv(dotenv) if dotenv else {}), **os.environ}
    problems: list[str] = []

    def text(name: str, default: str = "") -> str:
        return env.get(name, default).strip()

    port = _parse_port(text("PORT", "3978"), problems)
    app_id, app_password = text("MicrosoftAppId"), text("MicrosoftAppPassword")
    app_type = text("MicrosoftAppType") or "MultiTenant"
    tenant = text("MicrosoftAppTenantId")
    if app_type not in APP_TYPES:
        problems.append(f"MicrosoftAppType: '{app_type}' is not one of {', '.join(APP_TYPES)}")
    if app_id and not app_password and app_type != "UserAssignedMSI":
        problems.append("MicrosoftAppPassword: required when MicrosoftAppId is set")
    if app_id and app_type in ("SingleTenant", "UserAssignedMSI") and not tenant:
        problems.append(f"MicrosoftAppTenantId: required for MicrosoftAppType={app_type}")
    if app_password and not app_id:
        problems.append("MicrosoftAppId: required when MicrosoftAppPassword is set")

    store = text("DESK_STORE", "tinydb").lower()
    if store not in STORES:
        problems.append(f"DESK_STORE: '{store}' is not one of {', '.join(STORES)}")
    desk_config = Path(text("DESK_CONFIG") or ROOT / "desk.yaml")
    if not desk_config.is_file():
        problems.append(f"DESK_CONFIG: no file at {desk_config}")
    directory = Path(text("DESK_DIRECTORY")) if text("DESK_DIRECTORY") else None
    if directory is not None and not directory.is_file():
        problems.append(f"DESK_DIRECTORY: no file at {directory}")
    scan = _parse_positive(text("DESK_SLA_SCAN_SECONDS"), "DESK_SLA_SCAN_SECONDS", problems)
    kb_dir = Path(text("DESK_KB_DIR") or ROOT / "kb")
    if not kb_dir.is_dir():
        problems.append(f"DESK_KB_DIR: no folder at {kb_dir}")
    public_url = text("DESK_PUBLIC_URL").rstrip("/")
    if public_url and not public_url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        problems.append(f"DESK_PUBLIC_URL: '{public_url}' must be an https:// address")
    blob_connection, blob_container = text("DESK_STATE_BLOB_CONNECTION_STRING"), text("DESK_STATE_BLOB_CONTAINER")
    if blob_container and not blob_connection:
        problems.append("DESK_STATE_BLOB_CONTAINER: set, but DESK_STATE_BLOB_CONNECTION_STRING is not")
    if blob_container and not _CONTAINER.fullmatch(blob_container):
        problems.append(f"DESK_STATE_BLOB_CONTAINER: '{blob_container}' is not a container name (3-63 lower-case "
                        "letters, digits and single hyphens)")
    graph = None
    if store == "sharepoint":
        try:
            graph = GraphSettings.from_env(env)
        except ValueError as error:
            problems.extend(line.lstrip("- ").strip() for line in str(error).splitlines() if ":" in line)

    if problems:
        raise SettingsError("Invalid settings:\n" + "\n".join(f"- {p}" for p in problems))
    return Settings(
        app_id=app_id, app_password=app_password, app_type=app_type, app_tenant_id=tenant,
        port=port, host=text("HOST", "0.0.0.0"), data_dir=Path(text("DESK_DATA_DIR") or ROOT / "data"),
        store=store, desk_config=desk_config, directory_file=directory, sla_scan_seconds=scan, graph=graph,
        kb_dir=kb_dir, public_url=public_url, instance_id=_safe_name(text("WEBSITE_INSTANCE_ID")),
        state_blob_connection_string=blob_connection, state_blob_container=blob_container or "desk-state",
    )


def _parse_port(value: str, problems: list[str]) -> int:
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    problems.append(f"PORT: '{value}' is not a port number (1-65535)")
    return 0


def _parse_positive(value: str, name: str, problems: list[str]) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number <= 0:
        problems.append(f"{name}: '{value}' is not a positive number of seconds")
        return None
    return number


def _safe_name(value: str) -> str:
    """Letters, digits, dashes and underscores only: it becomes part of a folder name."""
    return "".join(c for c in value if c.isalnum() or c in "-_")[:64]
