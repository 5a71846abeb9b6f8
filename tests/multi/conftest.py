"""Tests of several bot instances: real processes, Azurite, the fake Graph and the fake Connector."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs real processes for seconds; part of `make test` and CI "
                                       "(leave out locally with -m 'not slow')")
