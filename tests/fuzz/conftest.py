"""The e2e fixtures (fake Bot Connector with the technicians' team, a running desk) for the fuzz tests."""

from tests.e2e.conftest import connector, desk  # noqa: F401
