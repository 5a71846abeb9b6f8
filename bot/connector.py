"""Connector clients for speaking first (proactive messages, channel posts, roster look-ups)."""

from __future__ import annotations

from botbuilder.core import CloudAdapterBase
from botframework.connector.aio import ConnectorClient


class ConnectorPool:
    """One client per service URL, built once: configuring a client is costly in botbuilder 4.17."""

    def __init__(self, adapter: CloudAdapterBase, app_id: str) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._clients: dict[str, ConnectorClient] = {}

    async def client(self, service_url: str) -> ConnectorClient:
        if service_url not in self._clients:
            claims = self._adapter.create_claims_identity(self._app_id)
            factory = self._adapter.bot_framework_authentication.create_connector_factory(claims)
            self._clients[service_url] = await factory.create(service_url, None)
        return self._clients[service_url]
