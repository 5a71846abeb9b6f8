"""Crash-safe whole-file JSON writes.

A write goes to a temp file in the same folder, is flushed and fsynced, replaces the real file with
`os.replace` (atomic on POSIX and Windows), and the folder is fsynced so the rename itself survives
a power cut. A process killed at any moment leaves either the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

_TEMP_SUFFIX = ".tmp"


def read_json(path: Path) -> Any | None:
    """The file's JSON, or None when it does not exist or is empty."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return json.loads(raw) if raw.strip() else None


def write_json_atomic(path: Path, data: Any) -> None:
    """Replace `path` with `data` as JSON, all or nothing. Serialization errors leave the file as it was."""
    write_bytes_atomic(path, json.dumps(data, separators=(",", ":")).encode("ascii"))


def write_bytes_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload`, all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp_name = path.parent / f".{path.name}.{secrets.token_hex(8)}{_TEMP_SUFFIX}"
    fd = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), _mode_of(path))
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(path.parent)


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files a killed writer left beside `path`. Call only while no one writes to it."""
    for leftover in path.parent.glob(f".{path.name}.*{_TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _mode_of(path: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual 0o666 minus umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; its rename is already durable enough
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
