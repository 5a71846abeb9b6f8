"""A fake Microsoft Graph on 127.0.0.1 for the calls the SharePoint store and provisioning make.

    async with FakeGraph() as fake:           # listens on a free port, stops by itself
        fake.url                              # http://127.0.0.1:<port>/v1.0 -> GRAPH_BASE_URL
        fake.inject(429, retry_after=1)       # the next matching request gets a 429
        fake.count("POST", "/items")          # requests seen, from the request log
        await fake.go_down(); await fake.come_back()   # refuse connections for a while

Behaviour follows the documented list API: lists with typed columns, items with `$expand=fields`,
`$filter` (a 400 `invalidRequest` naming a non-indexed column once a list is over the threshold),
`$top` with `@odata.nextLink`, eTags with `If-Match` and 412, unique columns, 429/503 with
Retry-After, `/users/{id}` and `/users/{id}/manager`.
"""

from __future__ import annotations

import base64
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from tests.graph.fake_lists import FakeItem, FakeList, GraphError

DEFAULT_PAGE = 200
_CURRENT: ContextVar[Logged] = ContextVar("fake_graph_request")
MAX_PAGE = 5000


@dataclass
class Logged:
    method: str
    path: str  # without the /v1.0 prefix
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0
    items: int = 0  # list items in the answer (item lists only)


@dataclass
class Fault:
    status: int
    retry_after: int | None
    method: str | None
    path_contains: str | None
    after_commit: bool  # do the work, then answer with the error (a lost response)
    times: int

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path_contains is None or self.path_contains in path)


@dataclass
class FakeGraph:
    threshold: int = 5000
    sites: dict[str, dict[str, FakeList]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    managers: dict[str, str] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    # --- life cycle -----------------------------------------------------------------------

    async def __aenter__(self) -> FakeGraph:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_route("*", "/v1.0/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, shutdown_timeout=0.1)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def go_down(self) -> None:
        """Close every connection and refuse new ones; the data stays for `come_back`."""
        await self.stop()

    async def come_back(self) -> None:
        await self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1.0"

    # --- test controls ----------------------------------------------------------------------

    def inject(self, status: int, retry_after: int | None = None, *, method: str | None = None,
               path_contains: str | None = None, after_commit: bool = False, times: int = 1) -> None:
        self.faults.append(Fault(status, retry_after, method, path_contains, after_commit, times))

    def count(self, method: str | None = None, path_contains: str | None = None) -> int:
        return sum(1 for r in self.log if (method is None or r.method == method)
                   and (path_contains is None or path_contains in r.path))

    def list_named(self, site_id: str, name: str) -> FakeList:
        return next(li for li in self.sites.get(site_id, {}).values() if li.display_name == name)

    def seed(self, site_id: str, list_name: str, rows: list[dict[str, Any]]) -> list[FakeItem]:
        """Add items directly (no HTTP), e.g. 10,000 tickets for a threshold test."""
        target = self.list_named(site_id, list_name)
        return [target.create_item(row) for row in rows]

    def add_user(self, user_id: str, name: str, *, department: str = "", job_title: str = "",
                 manager_id: str | None = None) -> None:
        self.users[user_id] = {"@odata.type": "#microsoft.graph.user", "id": user_id, "displayName": name,
                               "mail": f"{user_id}@contoso.example", "department": department,
                               "jobTitle": job_title}
        if manager_id:
            self.managers[user_id] = manager_id

    # --- HTTP ---------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        entry = Logged(request.method, request.path.removeprefix("/v1.0"), dict(request.query),
                       dict(request.headers))
        self.log.append(entry)
        _CURRENT.set(entry)
        fault = next((f for f in self.faults if f.matches(request.method, entry.path)), None)
        if fault is not None:
            fault.times -= 1
            if fault.times <= 0:
                self.faults.remove(fault)
            if not fault.after_commit:
                return self._fault_response(fault, entry)
        try:
            response = await handler(request)
        except GraphError as error:
            response = _error(error.status, error.code, error.message)
        if fault is not None:
            return self._fault_response(fault, entry)
        entry.status = response.status
        return response

    @staticmethod
    def _fault_response(fault: Fault, entry: Logged) -> web.Response:
        code = {429: "activityLimitReached", 503: "serviceNotAvailable", 504: "gatewayTimeout"}.get(
            fault.status, "generalException")
        response = _error(fault.status, code, "Injected by the test.")
        if fault.retry_after is not None:
            response.headers["Retry-After"] = str(fault.retry_after)
        entry.status = fault.status
        return response

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"].strip("/")
        for method, pattern, handler in _ROUTES:
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                return await handler(self, request, *match.groups())
        raise GraphError(400, "BadRequest", f"Resource not found for the segment in '{path}'.")

    def _site(self, site_id: str) -> dict[str, FakeList]:
        return self.sites.setdefault(site_id, {})

    def _list(self, site_id: str, list_ref: str) -> FakeList:
        lists = self._site(site_id)
        found = lists.get(list_ref) or next((li for li in lists.values() if li.display_name == list_ref), None)
        if found is None:
            raise GraphError(404, "itemNotFound", "The requested list was not found.")
        return found

    async def _get_lists(self, request: web.Request, site_id: str) -> web.Response:
        lists = list(self._site(site_id).values())
        flt = request.query.get("$filter", "")
        if flt:
            wanted = re.fullmatch(r"displayName eq '((?:[^']|'')*)'", flt.strip())
            if not wanted:
                raise GraphError(400, "invalidRequest", "Only displayName eq '...' is supported here.")
            lists = [li for li in lists if li.display_name == wanted.group(1).replace("''", "'")]
        return web.json_response({"value": [li.to_json() for li in lists]})

    async def _post_list(self, request: web.Request, site_id: str) -> web.Response:
        body = await request.json()
        name = body.get("displayName", "")
        if not name:
            raise GraphError(400, "invalidRequest", "displayName is required.")
        if any(li.display_name == name for li in self._site(site_id).values()):
            raise GraphError(409, "nameAlreadyExists", "A list, survey, discussion board, or document library "
                                                       "with the specified title already exists in this Web site.")
        new = FakeList(name)
        for column in body.get("columns") or []:
            new.add_column(column)
        self._site(site_id)[new.id] = new
        return web.json_response(new.to_json(with_columns=True), status=201)

    async def _get_list(self, request: web.Request, site_id: str, list_ref: str) -> web.Response:
        return web.json_response(self._list(site_id, list_ref).to_json("columns" in request.query.get("$expand", "")))

    async def _get_columns(self, request: web.Request, site_id: str, list_ref: str) -> web.Response:
        return web.json_response({"value": list(self._list(site_id, list_ref).columns.values())})

    async def _post_column(self, request: web.Request, site_id: str, list_ref: str) -> web.Response:
        column = self._list(site_id, list_ref).add_column(await request.json())
        return web.json_response(column, status=201)

    async def _patch_column(self, request: web.Request, site_id: str, list_ref: str, column_id: str) -> web.Response:
        column = self._list(site_id, list_ref).update_column(column_id, await request.json())
        return web.json_response(column)

    async def _get_items(self, request: web.Request, site_id: str, list_ref: str) -> web.Response:
        target = self._list(site_id, list_ref)
        query = request.query
        found = target.query(query.get("$filter"), query.get("$orderby"), request.headers.get("Prefer", ""),
                             self.threshold)
        top = min(int(query.get("$top", DEFAULT_PAGE)), MAX_PAGE)
        offset = _skip(query.get("$skiptoken"))
        select, expand = _expand(query.get("$expand", ""))
        page = found[offset:offset + top]
        _CURRENT.get().items = len(page)
        body: dict[str, Any] = {"value": [item.to_json(select, expand) for item in page]}
        if offset + top < len(found):
            params = {k: v for k, v in query.items() if k != "$skiptoken"}
            params["$skiptoken"] = base64.urlsafe_b64encode(f"Paged=TRUE&p_Offset={offset + top}".encode()).decode()
            body["@odata.nextLink"] = f"{self.url}{request.path.removeprefix('/v1.0')}?{urlencode(params)}"
        return web.json_response(body)

    async def _post_item(self, request: web.Request, site_id: str, list_ref: str) -> web.Response:
        body = await request.json()
        item = self._list(site_id, list_ref).create_item(body.get("fields") or {})
        return web.json_response(item.to_json(None, True), status=201)

    async def _get_item(self, request: web.Request, site_id: str, list_ref: str, item_id: str) -> web.Response:
        item = self._list(site_id, list_ref).get_item(_item_id(item_id))
        _CURRENT.get().items = 1
        select, expand = _expand(request.query.get("$expand", ""))
        return web.json_response(item.to_json(select, expand))

    async def _patch_fields(self, request: web.Request, site_id: str, list_ref: str, item_id: str) -> web.Response:
        target = self._list(site_id, list_ref)
        item = target.update_fields(_item_id(item_id), await request.json(), request.headers.get("If-Match"))
        return web.json_response(item.all_fields())

    async def _delete_item(self, request: web.Request, site_id: str, list_ref: str, item_id: str) -> web.Response:
        target = self._list(site_id, list_ref)
        target.get_item(_item_id(item_id))
        del target.items[_item_id(item_id)]
        return web.Response(status=204)

    async def _get_user(self, request: web.Request, user_id: str) -> web.Response:
        user = self.users.get(user_id)
        if user is None:
            raise GraphError(404, "Request_ResourceNotFound", f"Resource '{user_id}' does not exist.")
        select = [s for s in request.query.get("$select", "").split(",") if s]
        return web.json_response({k: v for k, v in user.items() if not select or k in select or k[0] == "@"})

    async def _get_manager(self, request: web.Request, user_id: str) -> web.Response:
        manager = self.users.get(self.managers.get(user_id, ""))
        if user_id not in self.users or manager is None:
            raise GraphError(404, "Request_ResourceNotFound", f"Resource 'manager' does not exist for '{user_id}'.")
        return web.json_response(manager)


_SITE = r"/sites/([^/]+)"
_LIST = _SITE + r"/lists/([^/]+)"
_ROUTES = (
    ("GET", _SITE + "/lists", FakeGraph._get_lists),
    ("POST", _SITE + "/lists", FakeGraph._post_list),
    ("GET", _LIST, FakeGraph._get_list),
    ("GET", _LIST + "/columns", FakeGraph._get_columns),
    ("POST", _LIST + "/columns", FakeGraph._post_column),
    ("PATCH", _LIST + r"/columns/([^/]+)", FakeGraph._patch_column),
    ("GET", _LIST + "/items", FakeGraph._get_items),
    ("POST", _LIST + "/items", FakeGraph._post_item),
    ("GET", _LIST + r"/items/([^/]+)", FakeGraph._get_item),
    ("PATCH", _LIST + r"/items/([^/]+)/fields", FakeGraph._patch_fields),
    ("DELETE", _LIST + r"/items/([^/]+)", FakeGraph._delete_item),
    ("GET", r"/users/([^/]+)", FakeGraph._get_user),
    ("GET", r"/users/([^/]+)/manager", FakeGraph._get_manager),
)


def _error(status: int, code: str, message: str) -> web.Response:
    body = {"error": {"code": code, "message": message,
                      "innerError": {"date": "2026-11-02T09:30:00", "request-id": "fake", "client-request-id": "fake"}}}
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


def _item_id(text: str) -> int:
    if not text.isdigit():
        raise GraphError(400, "invalidRequest", "Invalid request: the item id must be a number.")
    return int(text)


def _skip(token: str | None) -> int:
    if not token:
        return 0
    decoded = base64.urlsafe_b64decode(token.encode()).decode()
    return int(decoded.rsplit("=", 1)[1])


def _expand(text: str) -> tuple[list[str] | None, bool]:
    """`fields(select=A,B)` -> (["A", "B"], True); `fields` -> (None, True)."""
    match = re.search(r"fields(?:\(\s*\$?select\s*=\s*([^)]*)\))?", text)
    if not match:
        return None, False
    select = [s.strip() for s in match.group(1).split(",")] if match.group(1) else None
    return select, True
