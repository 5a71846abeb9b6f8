"""The Blob state store beyond the shared contract: key names, and a write that fails half-way."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from azure.core.pipeline.transport import AioHttpTransport
from azure.storage.blob.aio import BlobServiceClient

from store.blob_state import BlobStateStore, blob_name, open_blob_state
from tests.multi.azurite import azurite, new_container


class Refused(Exception):
    """What the failing transport raises instead of sending."""


class FailingTransport(AioHttpTransport):
    """Sends everything except uploads of the blobs named in `refuse`."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[str] = set()

    async def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        if request.method == "PUT" and any(request.url.split("?")[0].endswith(name) for name in self.refuse):
            raise Refused(request.url)
        return await super().send(request, **kwargs)


@pytest.fixture
async def container() -> AsyncIterator[str]:
    emulator = await azurite()
    name = new_container()
    await (await open_blob_state(emulator.connection_string, name)).close()
    yield name


async def test_keys_of_any_shape_are_kept_apart(container: str) -> None:
    emulator = await azurite()
    async with BlobServiceClient.from_connection_string(emulator.connection_string) as service:
        store = BlobStateStore(service.get_container_client(container))
        keys = ["a/b", "a%2Fb", "a", "ends with a dot.", "..", "botstate/msteams/conversations/19:x@thread.tacv2;messageid=7",
                "ümlaut ключ 🎫", "k" * 3000, "k" * 2999]
        await store.write({key: {"key": key} for key in keys})

        assert await store.read(keys) == {key: {"key": key} for key in keys}
        await store.delete(["a/b", "k" * 3000])
        assert sorted(await store.read(keys)) == sorted(k for k in keys if k not in ("a/b", "k" * 3000))


def test_blob_names_are_flat_and_never_end_in_a_dot_or_slash() -> None:
    for key in ["a/b/", "x.", "conversations/user/29:1", "k" * 3000]:
        name = blob_name(key)
        assert name.startswith(("state/", "state-sha256/")) and "/" not in name.split("/", 1)[1]
        assert not name.endswith((".", "/")) and len(name) <= 1024


async def test_a_write_that_fails_half_way_puts_back_what_was_there(container: str) -> None:
    emulator = await azurite()
    transport = FailingTransport()
    async with BlobServiceClient.from_connection_string(emulator.connection_string, transport=transport) as service:
        store = BlobStateStore(service.get_container_client(container))
        await store.write({"existing": {"v": 1}, "refused": {"v": 1}})
        transport.refuse = {blob_name("refused")}

        with pytest.raises(Refused):
            await store.write({"existing": {"v": 2}, "refused": {"v": 2}, "new": {"v": 2}})

        transport.refuse = set()
        assert await store.read(["existing", "refused", "new"]) == {"existing": {"v": 1}, "refused": {"v": 1}}
