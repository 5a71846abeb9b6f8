"""The Blob state settings: checked at start-up, the connection string never printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config import SettingsError, load_settings
from tests.multi.azurite import ACCOUNT, KEY
from tests.multi.bots import ROOT, free_port, quiet_env

UNREACHABLE = (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
               f"BlobEndpoint=http://127.0.0.1:{free_port()}/{ACCOUNT};")


def test_blob_state_is_off_unless_a_connection_string_is_given() -> None:
    settings = load_settings({})
    assert settings.state_blob_connection_string == "" and settings.state_blob_container == "desk-state"
    on = load_settings({"DESK_STATE_BLOB_CONNECTION_STRING": UNREACHABLE, "DESK_STATE_BLOB_CONTAINER": "it-desk-2"})
    assert on.state_blob_container == "it-desk-2"
    assert KEY not in repr(on)


@pytest.mark.parametrize("container", ["Desk", "de", "desk--state", "-desk", "desk_state", "d" * 64])
def test_a_container_name_azure_refuses_stops_start_up(container: str) -> None:
    with pytest.raises(SettingsError, match="DESK_STATE_BLOB_CONTAINER"):
        load_settings({"DESK_STATE_BLOB_CONNECTION_STRING": UNREACHABLE, "DESK_STATE_BLOB_CONTAINER": container})


def test_a_container_without_a_connection_string_is_named() -> None:
    with pytest.raises(SettingsError, match="DESK_STATE_BLOB_CONNECTION_STRING is not"):
        load_settings({"DESK_STATE_BLOB_CONTAINER": "desk-state"})


@pytest.mark.parametrize(("connection", "reason"), [("not a connection string", "is not a connection string"),
                                                     (UNREACHABLE, "Cannot connect")])
def test_the_bot_refuses_to_start_on_storage_it_cannot_use(tmp_path: Path, connection: str, reason: str) -> None:
    env = quiet_env(DESK_STATE_BLOB_CONNECTION_STRING=connection, DESK_STORE="tinydb", PORT=str(free_port()),
                    HOST="127.0.0.1", DESK_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert "Cannot open the shared state in Azure Blob Storage" in done.stderr and reason in done.stderr
    assert KEY not in done.stderr + done.stdout
