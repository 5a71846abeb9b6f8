"""One SharePoint list through msgraph-sdk: items, fields, paging, and errors callers can act on."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any, TypeVar

import httpx
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.request_information import RequestInformation
from msgraph.generated.models.field_value_set import FieldValueSet
from msgraph.generated.models.list_item import ListItem
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.sites.item.lists.item.items.item.list_item_item_request_builder import (
    ListItemItemRequestBuilder,
)
from msgraph.generated.sites.item.lists.item.items.items_request_builder import ItemsRequestBuilder
from msgraph.generated.sites.item.lists.lists_request_builder import ListsRequestBuilder
from msgraph.graph_service_client import GraphServiceClient

from graph.errors import GraphRequestFailed, GraphThrottled, GraphUnavailable, ListMissing, retry_after_seconds

T = TypeVar("T")
Item = dict[str, Any]  # a listItem as Graph sends it: id, eTag, fields, ...
_ERRORS: dict[str, Any] = {"XXX": ODataError}
PAGE_SIZE = 1000  # items per page; Graph's documented maximum for list items is not stated


class ItemMissing(Exception):
    """404 on an item."""


class EtagMismatch(Exception):
    """412: the item changed since its eTag was read."""


class UniqueValueTaken(Exception):
    """409: a column that enforces unique values already holds this value."""


def odata_string(value: str) -> str:
    """A single-quoted OData string literal."""
    return "'" + value.replace("'", "''") + "'"


async def call(request: Awaitable[T]) -> T:
    """Await an SDK request, turning its failures into the exceptions above or graph.errors."""
    try:
        return await request
    except ODataError as error:
        status = error.response_status_code or 0
        code = error.error.code if error.error and error.error.code else ""
        message = error.error.message if error.error and error.error.message else str(error)
        if status == 404:
            raise ItemMissing(message) from None
        if status == 412:
            raise EtagMismatch(message) from None
        if status == 409:
            raise UniqueValueTaken(message) from None
        if status in (429, 503, 504):
            wait = retry_after_seconds(error.response_headers)
            if wait is not None:
                raise GraphThrottled(status, wait) from None
            raise GraphUnavailable(f"HTTP {status} {code}") from None
        if status >= 500:
            raise GraphUnavailable(f"HTTP {status} {code}") from None
        raise GraphRequestFailed(status, code, message) from None
    except httpx.TransportError as error:
        raise GraphUnavailable(f"{type(error).__name__}: {error}") from None


async def find_list_id(client: GraphServiceClient, site_id: str, display_name: str) -> str | None:
    params = ListsRequestBuilder.ListsRequestBuilderGetQueryParameters(
        filter=f"displayName eq {odata_string(display_name)}", select=["id", "displayName"])
    page = await call(client.sites.by_site_id(site_id).lists.get(RequestConfiguration(query_parameters=params)))
    found = [li for li in (page.value if page else None) or [] if li.display_name == display_name]
    return found[0].id if found else None


class SharePointList:
    """Items come back as plain JSON dicts (`id`, `eTag`, `fields`): the SDK still builds, sends,
    authenticates and retries every request, but parsing its generated models costs ~9 ms of CPU per
    list item (msgraph-sdk 1.65), which a 10,000-ticket scan cannot afford."""

    def __init__(self, client: GraphServiceClient, site_id: str, list_id: str) -> None:
        self.client = client
        self.site_id = site_id
        self.list_id = list_id
        self._items = client.sites.by_site_id(site_id).lists.by_list_id(list_id).items

    @classmethod
    async def open(cls, client: GraphServiceClient, site_id: str, display_name: str) -> SharePointList:
        """Raises ListMissing when the list has not been provisioned."""
        list_id = await find_list_id(client, site_id, display_name)
        if list_id is None:
            raise ListMissing(display_name, site_id)
        return cls(client, site_id, list_id)

    def _item(self, item_id: int | str) -> ListItemItemRequestBuilder:
        return self._items.by_list_item_id(str(item_id))

    async def _send(self, request: RequestInformation) -> dict[str, Any]:
        raw = await call(self.client.request_adapter.send_primitive_async(request, "bytes", _ERRORS))
        return json.loads(raw) if raw else {}

    async def create(self, fields: dict[str, Any]) -> Item:
        return await self._send(self._items.to_post_request_information(ListItem(fields=FieldValueSet(
            additional_data=fields))))

    async def get(self, item_id: int | str, select: list[str]) -> Item:
        params = ListItemItemRequestBuilder.ListItemItemRequestBuilderGetQueryParameters(
            expand=[f"fields(select={','.join(select)})"])
        return await self._send(self._item(item_id).to_get_request_information(
            RequestConfiguration(query_parameters=params)))

    async def update(self, item_id: int | str, fields: dict[str, Any], etag: str) -> dict[str, Any]:
        """PATCH the fields if the item still has `etag`; returns the new field values (with @odata.etag)."""
        config: RequestConfiguration = RequestConfiguration()
        config.headers.add("If-Match", etag)
        return await self._send(self._item(item_id).fields.to_patch_request_information(
            FieldValueSet(additional_data=fields), config))

    async def delete(self, item_id: int | str) -> None:
        await call(self._item(item_id).delete())

    async def query(self, select: list[str], filter: str | None = None, top: int = PAGE_SIZE,
                    max_items: int | None = None) -> list[Item]:
        """Every item matching `filter` (one indexed column, see PLATFORM.md), following nextLinks."""
        params = ItemsRequestBuilder.ItemsRequestBuilderGetQueryParameters(
            expand=[f"fields(select={','.join(select)})"], filter=filter, top=top)
        page = await self._send(self._items.to_get_request_information(RequestConfiguration(query_parameters=params)))
        found: list[Item] = []
        while True:
            found.extend(page.get("value") or [])
            next_link = page.get("@odata.nextLink")
            if not next_link or (max_items is not None and len(found) >= max_items):
                return found
            page = await self._send(self._items.with_url(next_link).to_get_request_information())
