"""Graph failures, translated from the SDK's exceptions into what callers can act on."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tickets.errors import DeskError


class GraphUnavailable(DeskError):
    """Graph could not be reached or kept failing after the SDK's own retries."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__("SharePoint can't be reached right now. Please try again in a few minutes.")
        self.detail = detail
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})"


class GraphThrottled(GraphUnavailable):
    """Graph asked us to wait (429/503 with Retry-After) longer than the SDK will wait by itself."""

    def __init__(self, status: int, retry_after: float) -> None:
        super().__init__(f"HTTP {status}, Retry-After {retry_after:.0f} s", retry_after)
        self.status = status


class ListMissing(RuntimeError):
    """The configured list does not exist: the bot must not start."""

    def __init__(self, list_name: str, site_id: str) -> None:
        super().__init__(f"The SharePoint list '{list_name}' does not exist in site {site_id}. "
                         "Run `make provision` to create it.")


class GraphRequestFailed(RuntimeError):
    """Graph refused a request for a reason retrying will not fix (4xx other than 404/409/412)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"Graph answered {status} {code}: {message}")
        self.status, self.code = status, code


def retry_after_seconds(headers: object) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None when absent."""
    value = None
    getter = getattr(headers, "get", None)
    if getter is not None:
        value = getter("retry-after") or getter("Retry-After")
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None
