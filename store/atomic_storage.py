"""A TinyDB storage that never leaves a torn file, and can group several table writes into one.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves truncated JSON.
This one writes through `write_json_atomic`. It also keeps the last data it read or wrote in
memory (TinyDB otherwise parses the whole file on every operation); that is only right while this
process is the file's single writer, which is TinyDB's model anyway.

`batch()` turns several TinyDB operations (bump a counter, insert a ticket, remember a key) into
one file write, so they are persisted together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.atomic_file import read_json, remove_stale_temp_files, write_json_atomic


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self._path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self._batching = False
        self._pending = False
        remove_stale_temp_files(self._path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        # TinyDB mutates what this returns before passing it to write(); a failed write therefore
        # forgets the cache (see _forget) so the next read comes from the file again.
        if not self._loaded:
            self._data = read_json(self._path)
            self._loaded = True
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data, self._loaded = data, True
        if self._batching:
            self._pending = True
            return
        try:
            write_json_atomic(self._path, data)
        except BaseException:
            self._forget()
            raise

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Writes inside the block reach the file once, at its end; an exception discards them all."""
        if self._batching:
            raise RuntimeError("batches do not nest")
        self._batching = True
        try:
            yield
        except BaseException:
            self._forget()
            raise
        finally:
            self._batching = False
        if self._pending:
            self._pending = False
            self.write(self._data or {})

    def _forget(self) -> None:
        self._data, self._loaded, self._pending = None, False, False
