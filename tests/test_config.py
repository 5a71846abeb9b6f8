"""Settings: every bad one named at once; nothing secret has a default."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError, load_settings, read_dotenv


def test_defaults_run_the_local_store_with_auth_off() -> None:
    settings = load_settings({})
    assert settings.port == 3978
    assert settings.store == "tinydb"
    assert settings.auth_enabled is False
    assert settings.app_password == ""


def test_every_invalid_setting_is_named_in_one_message() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"PORT": "eighty", "DESK_STORE": "postgres", "MicrosoftAppId": "abc",
                       "MicrosoftAppType": "SingleTenant", "DESK_CONFIG": "/nowhere/desk.yaml"})
    message = str(raised.value)
    for name in ("PORT", "DESK_STORE", "MicrosoftAppPassword", "MicrosoftAppTenantId", "DESK_CONFIG"):
        assert name in message


def test_environment_overrides_the_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# local\nPORT=4000\nDESK_DATA_DIR='/tmp/desk-data'\n")
    assert read_dotenv(dotenv) == {"PORT": "4000", "DESK_DATA_DIR": "/tmp/desk-data"}
    monkeypatch.setenv("PORT", "4100")
    settings = load_settings(dotenv=dotenv)
    assert settings.port == 4100
    assert str(settings.data_dir) == "/tmp/desk-data"


def test_a_bad_desk_config_file_stops_start_up_naming_the_key(tmp_path: Path) -> None:
    from app import load_desk_config

    bad = tmp_path / "desk.yaml"
    bad.write_text("taxonomy:\n  categories:\n    - name: Hardware\n      subcategories: []\n")
    with pytest.raises(ValueError) as raised:
        load_desk_config(bad)
    assert str(bad) in str(raised.value)
    assert "taxonomy.categories[0].subcategories" in str(raised.value)


def test_app_service_instances_keep_their_own_files_apart(tmp_path: Path) -> None:
    shared = load_settings({"DESK_DATA_DIR": str(tmp_path), "WEBSITE_INSTANCE_ID": "a1b2/../c3"})
    assert shared.instance_dir == tmp_path / "instance-a1b2c3"
    assert load_settings({"DESK_DATA_DIR": str(tmp_path)}).instance_dir == tmp_path
