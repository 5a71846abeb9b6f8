"""State of the fake Graph's SharePoint lists: columns, items, eTags, the list view threshold."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.graph.odata_filter import FilterError, parse_filter

NOT_INDEXED = ("Field '{name}' cannot be referenced in filter or orderby as it is not indexed. Provide the "
               "'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned "
               "that such queries may fail on large lists.")
TYPE_FACETS = ("boolean", "calculated", "choice", "currency", "dateTime", "lookup", "number", "personOrGroup",
               "text", "term", "hyperlinkOrPicture", "thumbnail", "contentApprovalStatus")
_SYSTEM_FIELDS = ("id", "ID", "Created", "Modified", "ContentType", "@odata.etag")


class GraphError(Exception):
    """Becomes a Graph-shaped error response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FakeItem:
    id: int
    fields: dict[str, Any]
    guid: str = field(default_factory=lambda: str(uuid.uuid4()).upper())
    version: int = 1
    created: str = field(default_factory=now_iso)
    modified: str = field(default_factory=now_iso)

    @property
    def etag(self) -> str:
        return f'"{{{self.guid}}},{self.version}"'

    def all_fields(self) -> dict[str, Any]:
        return {"@odata.etag": self.etag, "id": str(self.id), "ContentType": "Item", "Created": self.created,
                "Modified": self.modified, **self.fields}

    def to_json(self, select: list[str] | None, expand_fields: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"@odata.etag": self.etag, "id": str(self.id), "eTag": self.etag,
                                "createdDateTime": self.created, "lastModifiedDateTime": self.modified,
                                "contentType": {"id": "0x01", "name": "Item"}}
        if expand_fields:
            fields = self.all_fields()
            if select:
                fields = {k: v for k, v in fields.items() if k in select or k == "@odata.etag"}
            body["fields"] = fields
        return body


@dataclass
class FakeList:
    display_name: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[int, FakeItem] = field(default_factory=dict)
    next_id: int = 1
    created: str = field(default_factory=now_iso)

    def __post_init__(self) -> None:
        self.add_column({"name": "Title", "text": {"allowMultipleLines": False, "maxLength": 255}})
        self.add_column({"name": "Created", "dateTime": {}, "readOnly": True})
        self.add_column({"name": "Modified", "dateTime": {}, "readOnly": True})

    def to_json(self, with_columns: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "name": self.display_name.replace(" ", ""),
                                "displayName": self.display_name, "createdDateTime": self.created,
                                "list": {"template": "genericList", "hidden": False, "contentTypesEnabled": False}}
        if with_columns:
            body["columns"] = list(self.columns.values())
        return body

    # --- columns ---------------------------------------------------------------------------

    def add_column(self, definition: dict[str, Any]) -> dict[str, Any]:
        name = definition.get("name") or ""
        if not name:
            raise GraphError(400, "invalidRequest", "A column name is required.")
        if name in self.columns:
            raise GraphError(409, "nameAlreadyExists", f"A field with the name '{name}' already exists in the list.")
        if sum(1 for facet in TYPE_FACETS if facet in definition) > 1:
            raise GraphError(400, "invalidRequest", "A column can have only one type.")
        column = {"id": str(uuid.uuid4()), "name": name, "displayName": definition.get("displayName") or name,
                  "indexed": False, "enforceUniqueValues": False, "hidden": False, "readOnly": False,
                  "required": False, "columnGroup": "Custom Columns", **definition}
        self._check_unique_needs_index(column)
        self.columns[name] = column
        return column

    def update_column(self, column_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        column = next((c for c in self.columns.values() if c["id"] == column_id), None)
        if column is None:
            raise GraphError(404, "itemNotFound", "The specified column was not found.")
        updated = {**column, **{k: v for k, v in changes.items() if k not in ("id", "name")}}
        self._check_unique_needs_index(updated)
        self.columns[column["name"]] = updated
        return updated

    @staticmethod
    def _check_unique_needs_index(column: dict[str, Any]) -> None:
        if column.get("enforceUniqueValues") and not column.get("indexed"):
            raise GraphError(400, "invalidRequest", "A column that enforces unique values must be indexed.")

    def is_indexed(self, name: str) -> bool:
        return name in ("id", "ID") or bool(self.columns.get(name, {}).get("indexed"))

    # --- items -----------------------------------------------------------------------------

    def create_item(self, fields: dict[str, Any]) -> FakeItem:
        self._check_fields(fields, None)
        item = FakeItem(self.next_id, dict(fields))
        self.items[item.id] = item
        self.next_id += 1
        return item

    def update_fields(self, item_id: int, fields: dict[str, Any], if_match: str | None) -> FakeItem:
        item = self.get_item(item_id)
        if if_match is not None and if_match.strip() != "*" and _bare(if_match) != _bare(item.etag):
            raise GraphError(412, "resourceModified",
                             "The resource has changed since the caller last read it; usually an eTag mismatch")
        self._check_fields(fields, item_id)
        item.fields.update(fields)
        item.version += 1
        item.modified = now_iso()
        return item

    def get_item(self, item_id: int) -> FakeItem:
        item = self.items.get(item_id)
        if item is None:
            raise GraphError(404, "itemNotFound", "The resource could not be found.")
        return item

    def _check_fields(self, fields: dict[str, Any], item_id: int | None) -> None:
        for name, value in fields.items():
            column = self.columns.get(name)
            if column is None or column.get("readOnly"):
                raise GraphError(400, "invalidRequest", f"Field '{name}' is not recognized")
            text = column.get("text")
            if text is not None and not text.get("allowMultipleLines") and isinstance(value, str) \
                    and len(value) > int(text.get("maxLength") or 255):
                raise GraphError(400, "invalidRequest", f"The value of field '{name}' is too long.")
            if column.get("enforceUniqueValues") and value not in (None, ""):
                clash = any(i.fields.get(name) == value for i in self.items.values() if i.id != item_id)
                if clash:
                    raise GraphError(409, "conflict",
                                     f"This value already exists in the list. Column '{name}' enforces unique values.")

    def query(self, filter_text: str | None, orderby: str | None, prefer: str, threshold: int) -> list[FakeItem]:
        """Items matching the filter in the requested order; refused like SharePoint on a big list."""
        predicate = None
        referenced: list[str] = []
        if filter_text:
            try:
                predicate, referenced = parse_filter(filter_text)
            except FilterError as error:
                raise GraphError(400, "invalidRequest", str(error)) from None
        order_path, descending = _parse_orderby(orderby)
        if order_path:
            referenced.append(order_path)
        names = [p.removeprefix("fields/") for p in referenced]
        for name in names:
            if name not in self.columns and name not in _SYSTEM_FIELDS:
                raise GraphError(400, "invalidRequest", f"Field '{name}' is not recognized")
        if len(self.items) > threshold and "HonorNonIndexedQueriesWarningMayFailRandomly" not in prefer:
            for name in names:
                if not self.is_indexed(name):
                    raise GraphError(400, "invalidRequest", NOT_INDEXED.format(name=name))
        found = [i for i in self.items.values() if predicate is None or predicate(_getter(i))]
        found.sort(key=lambda i: i.id)
        if order_path:
            found.sort(key=lambda i: _sort_key(_getter(i)(order_path)), reverse=descending)
        return found


def _getter(item: FakeItem):
    def get(path: str) -> Any:
        if path in ("id", "ID", "fields/id", "fields/ID"):
            return item.id
        if path.startswith("fields/"):
            return item.all_fields().get(path[len("fields/"):])
        return {"createdDateTime": item.created, "lastModifiedDateTime": item.modified}.get(path)
    return get


def _parse_orderby(text: str | None) -> tuple[str | None, bool]:
    if not text:
        return None, False
    parts = text.split()
    return parts[0], len(parts) > 1 and parts[1].lower() == "desc"


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, "") if value is None else (1, value)


def _bare(etag: str) -> str:
    return etag.strip().removeprefix("W/").strip('"')
