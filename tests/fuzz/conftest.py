"""The fuzz tests drive the whole bot with the end-to-end tests' own fixtures."""

from tests.e2e.conftest import desk  # noqa: F401  (a fixture, found by pytest through this import)
