"""StateStore on Azure Blob Storage: one JSON blob per key in one container, shared by every instance.

What is atomic:
- One key: its document is one blob replaced by one PUT, so a reader sees the old or the new
  document, never a mix. Two instances writing one key: the last write wins (the port asks no more).
- Several keys in one `write`: all are serialized before anything is sent (a document that is not
  JSON fails the whole write), then sent together. If one upload fails, the keys already written are
  put back as they were, each with `If-Match` on the ETag our own upload produced, so a newer write by
  another instance is never undone; then the error is raised. All-or-nothing therefore holds unless
  the storage fails again during that roll-back (the roll-back is best effort, and logged).
- `delete` removes key by key; absent keys are ignored.

Blob names: `state/` + the key percent-encoded (no `/` inside, no trailing dot); keys too long for a
blob name are stored as `state-sha256/<hash>`. Leases live beside them under `leases/`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from urllib.parse import quote

from azure.core import MatchConditions
from azure.core.exceptions import AzureError, HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.storage.blob import ContentSettings
from azure.storage.blob.aio import BlobServiceClient, ContainerClient, LinearRetry

from store.lease_blob import BlobLease

log = logging.getLogger(__name__)
_JSON = ContentSettings(content_type="application/json")
_MAX_NAME = 1000


def blob_name(key: str) -> str:
    name = quote(key, safe="")
    if name.endswith("."):
        name = name[:-1] + "%2E"
    if len(name) > _MAX_NAME:
        return "state-sha256/" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return "state/" + name


class BlobStateStore:
    def __init__(self, container: ContainerClient) -> None:
        self._container = container

    async def read(self, keys: list[str]) -> dict[str, dict]:
        unique = list(dict.fromkeys(keys))
        bodies = await asyncio.gather(*(self._download(key) for key in unique))
        return {key: json.loads(body) for key, body in zip(unique, bodies, strict=True) if body is not None}

    async def write(self, documents: dict[str, dict]) -> None:
        payloads = {key: json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    for key, doc in documents.items()}  # all serialized before anything is sent
        if len(payloads) == 1:
            ((key, payload),) = payloads.items()
            await self._upload(key, payload)
            return
        before = dict(zip(payloads, await asyncio.gather(*(self._download(k) for k in payloads)), strict=True))
        results = await asyncio.gather(*(self._upload(k, p) for k, p in payloads.items()), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if not failures:
            return
        written = {k: r for k, r in zip(payloads, results, strict=True) if isinstance(r, str)}
        await asyncio.gather(*(self._put_back(k, before[k], etag) for k, etag in written.items()))
        raise failures[0]

    async def delete(self, keys: list[str]) -> None:
        await asyncio.gather(*(self._delete(key) for key in dict.fromkeys(keys)))

    async def _download(self, key: str) -> bytes | None:
        try:
            downloader = await self._container.get_blob_client(blob_name(key)).download_blob()
            return await downloader.readall()
        except ResourceNotFoundError:
            return None

    async def _upload(self, key: str, payload: bytes) -> str:
        """Returns the ETag of what was written."""
        answer = await self._container.get_blob_client(blob_name(key)).upload_blob(
            payload, overwrite=True, content_settings=_JSON)
        return answer["etag"]

    async def _delete(self, key: str) -> None:
        try:
            await self._container.get_blob_client(blob_name(key)).delete_blob()
        except ResourceNotFoundError:
            pass

    async def _put_back(self, key: str, before: bytes | None, ours: str) -> None:
        """`before` is None when the key did not exist."""
        blob = self._container.get_blob_client(blob_name(key))
        unchanged = {"etag": ours, "match_condition": MatchConditions.IfNotModified}
        try:
            if before is None:
                await blob.delete_blob(**unchanged)
            else:
                await blob.upload_blob(before, overwrite=True, content_settings=_JSON, **unchanged)
        except HttpResponseError as error:
            if error.status_code not in (404, 412):  # 412/404: someone wrote or deleted it since: theirs stays
                log.error("state write failed half-way and %s could not be put back: %s", key, error)
        except Exception as error:
            log.error("state write failed half-way and %s could not be put back: %s", key, error)


@dataclass
class BlobState:
    """The state store and the lease on one container, and the client to close at shutdown."""

    state: BlobStateStore
    lease: BlobLease
    service: BlobServiceClient

    async def close(self) -> None:
        await self.lease.close()
        await self.service.close()


class BlobStateUnavailable(Exception):
    """The storage account cannot be used (malformed connection string, unreachable, refused)."""


async def open_blob_state(connection_string: str, container: str, *, lease_seconds: int = 15) -> BlobState:
    """Connects and creates the container if it is missing (so a wrong setting fails at start-up)."""
    logging.getLogger("azure.core.pipeline.policies.http_logging_policy").setLevel(logging.WARNING)  # each request
    try:
        service = BlobServiceClient.from_connection_string(
            connection_string, retry_policy=LinearRetry(backoff=0.5, random_jitter_range=0.25, retry_total=2),
            connection_timeout=5, read_timeout=15)  # a turn must answer within Teams' 10-15 s
    except ValueError as error:
        raise BlobStateUnavailable(f"DESK_STATE_BLOB_CONNECTION_STRING is not a connection string ({error})") from None
    client = service.get_container_client(container)
    try:
        await client.create_container()
    except ResourceExistsError:
        pass
    except AzureError as error:
        await service.close()
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        raise BlobStateUnavailable(f"container '{container}' at {service.url}: {reason}") from None
    except BaseException:
        await service.close()
        raise
    log.info("state and leases in the Blob container %s at %s", container, service.url)
    return BlobState(BlobStateStore(client), BlobLease(client, lease_seconds), service)
