"""The Directory port on Microsoft Graph: a requester's department, job title and manager.

Answers are cached for `ttl` seconds (people rarely change department mid-day, and routing asks on
every new ticket). When Graph is unreachable the last known answer is served, or None: routing must
never fail because the directory is down. Needs `User.Read.All` (application).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.user import User
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.graph_service_client import GraphServiceClient

from graph.errors import GraphRequestFailed, GraphUnavailable
from graph.lists import ItemMissing, call
from tickets.model import Person

log = logging.getLogger(__name__)
FIELDS = ["id", "displayName", "mail", "userPrincipalName", "department", "jobTitle"]


class GraphDirectory:
    def __init__(self, client: GraphServiceClient, ttl: float = 3600.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.ttl = ttl
        self._monotonic = monotonic
        self._people: dict[str, tuple[float, Person | None]] = {}
        self._managers: dict[str, tuple[float, Person | None]] = {}

    async def lookup(self, person_id: str) -> Person | None:
        params = UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=FIELDS)
        request = lambda: self.client.users.by_user_id(person_id).get(  # noqa: E731
            RequestConfiguration(query_parameters=params))
        return await self._cached(self._people, person_id, request)

    async def manager(self, person_id: str) -> Person | None:
        """The person's manager, or None when they have none (or are unknown)."""
        request = lambda: self.client.users.by_user_id(person_id).manager.get()  # noqa: E731
        return await self._cached(self._managers, person_id, request)

    async def _cached(self, cache: dict[str, tuple[float, Person | None]], person_id: str,
                      request: Callable) -> Person | None:
        key = (person_id or "").strip()
        if not key:
            return None
        now = self._monotonic()
        hit = cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        try:
            found = _person(await call(request()))
        except ItemMissing:
            found = None
        except (GraphUnavailable, GraphRequestFailed):
            log.warning("directory look-up of %s failed; using what is known", key, exc_info=True)
            return hit[1] if hit is not None else None
        cache[key] = (now + self.ttl, found)
        return found


def _person(user: object) -> Person | None:
    if not isinstance(user, User) or not user.id:
        return None
    return Person(id=user.id, name=user.display_name or "", email=user.mail or user.user_principal_name or "",
                  department=user.department or "", job_title=user.job_title or "")
