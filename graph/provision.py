"""`make provision`: create or complete the desk's lists in the configured SharePoint site.

Idempotent: a second run changes nothing. On an older list it adds the missing columns and turns on
missing indexes, and says so. A column whose type differs is reported, never changed (that would
lose data).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.column_definition import ColumnDefinition
from msgraph.generated.models.list_ import List_
from msgraph.generated.models.list_info import ListInfo
from msgraph.graph_service_client import GraphServiceClient

from graph.client import connect
from graph.lists import call, find_list_id
from graph.schema import (
    DEFLECTION_COLUMNS,
    DEFLECTIONS_LIST,
    KNOWLEDGE_COLUMNS,
    KNOWLEDGE_LIST,
    STATE_COLUMNS,
    TICKET_COLUMNS,
    Column,
)
from graph.settings import GraphSettings

Report = Callable[[str], None]


async def provision(client: GraphServiceClient, settings: GraphSettings, report: Report = print) -> list[str]:
    """Bring every list up to date; returns the changes made (empty when there was nothing to do)."""
    changes: list[str] = []
    for name, columns in desk_lists(settings):
        changes += await ensure_list(client, settings.site_id, name, columns, report)
    report("Done: " + (f"{len(changes)} change(s)." if changes else "nothing to change, everything is in place."))
    return changes


def desk_lists(settings: GraphSettings) -> tuple[tuple[str, tuple[Column, ...]], ...]:
    """Tickets, state, knowledge-base articles and deflection events, in the order they are made."""
    return ((settings.list_name, TICKET_COLUMNS), (settings.state_list_name, STATE_COLUMNS),
            (KNOWLEDGE_LIST, KNOWLEDGE_COLUMNS), (DEFLECTIONS_LIST, DEFLECTION_COLUMNS))


async def ensure_list(client: GraphServiceClient, site_id: str, name: str, columns: tuple[Column, ...],
                      report: Report) -> list[str]:
    report(f"List '{name}': looking it up in site {site_id} ...")
    list_id = await find_list_id(client, site_id, name)
    site = client.sites.by_site_id(site_id)
    if list_id is None:
        body = List_(display_name=name, list_=ListInfo(template="genericList"),
                     columns=[c.definition() for c in columns])
        await call(site.lists.post(body))
        indexed = sum(1 for c in columns if c.indexed or c.unique)
        change = f"List '{name}': created with {len(columns)} columns ({indexed} indexed)."
        report(change)
        return [change]

    report(f"List '{name}': found, checking its columns ...")
    columns_api = site.lists.by_list_id(list_id).columns
    page = await call(columns_api.get(RequestConfiguration()))
    existing = {c.name: c for c in (page.value if page else None) or [] if c.name}
    changes: list[str] = []
    for column in columns:
        have = existing.get(column.name)
        if have is None:
            await call(columns_api.post(column.definition()))
            changes.append(f"List '{name}': added column {column.name} ({column.kind.value}"
                           f"{', indexed' if column.indexed or column.unique else ''}).")
        elif not _same_type(have, column):
            report(f"List '{name}': WARNING column {column.name} exists with another type; left as it is.")
        elif (column.indexed or column.unique) and not have.indexed or column.unique and not have.enforce_unique_values:
            patch = ColumnDefinition(indexed=True, enforce_unique_values=True if column.unique else None)
            await call(columns_api.by_column_definition_id(have.id).patch(patch))
            changes.append(f"List '{name}': indexed column {column.name}"
                           f"{' (unique values)' if column.unique else ''}.")
        else:
            continue
        report(changes[-1])
    if not changes:
        report(f"List '{name}': all {len(columns)} columns and indexes in place.")
    return changes


def _same_type(have: ColumnDefinition, want: Column) -> bool:
    return getattr(have, {"dateTime": "date_time"}.get(want.facet, want.facet), None) is not None


async def _main() -> int:
    from config import ROOT, read_dotenv  # the same .env the bot reads

    try:
        settings = GraphSettings.from_env({**read_dotenv(ROOT / ".env"), **os.environ})
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    connection = connect(settings)
    try:
        await provision(connection.client, settings)
    except Exception as error:  # a clear line for the operator, not a stack trace
        print(f"Provisioning failed: {error}", file=sys.stderr)
        return 1
    finally:
        await connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
