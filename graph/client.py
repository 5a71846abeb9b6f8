"""The one place that builds the Graph client (msgraph-sdk over httpx, tokens from azure-identity)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from kiota_abstractions.authentication import AnonymousAuthenticationProvider, AuthenticationProvider
from kiota_http.middleware.options import UrlReplaceHandlerOption, UserAgentHandlerOption
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core import GraphClientFactory

from graph.settings import Credential, GraphSettings

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@dataclass
class GraphConnection:
    """The SDK client plus what must be closed with it."""

    client: GraphServiceClient
    http: httpx.AsyncClient
    transport: httpx.AsyncBaseTransport
    credential: Any = None

    async def close(self) -> None:
        await self.http.aclose()
        await self.transport.aclose()  # msgraph-core's wrapper transport does not close the one it wraps
        if self.credential is not None:
            await self.credential.close()


def build_credential(settings: GraphSettings) -> Any:
    """An async azure-identity credential for the configured kind, or None for `GRAPH_AUTH=none`."""
    from azure.identity.aio import CertificateCredential, ClientSecretCredential, ManagedIdentityCredential

    match settings.credential:
        case Credential.SECRET:
            return ClientSecretCredential(settings.tenant_id, settings.client_id, settings.client_secret)
        case Credential.CERTIFICATE:
            return CertificateCredential(settings.tenant_id, settings.client_id, str(settings.certificate_path),
                                         password=settings.certificate_password or None)
        case Credential.MANAGED_IDENTITY:
            return ManagedIdentityCredential(client_id=settings.client_id or None)
    return None


def connect(settings: GraphSettings, transport: httpx.AsyncBaseTransport | None = None) -> GraphConnection:
    """A ready client for `settings.base_url`. `transport` lets tests swap the network out."""
    credential = build_credential(settings)
    auth: AuthenticationProvider
    if credential is None:
        auth = AnonymousAuthenticationProvider()
    else:
        from kiota_authentication_azure.azure_identity_authentication_provider import (
            AzureIdentityAuthenticationProvider,
        )
        host = httpx.URL(settings.base_url).host
        auth = AzureIdentityAuthenticationProvider(credential, scopes=[settings.scope], allowed_hosts=[host])
    transport = transport or httpx.AsyncHTTPTransport()
    http = httpx.AsyncClient(timeout=TIMEOUT, headers={"User-Agent": settings.user_agent}, transport=transport)
    options = {
        # The SDK's own user-agent handler would append "kiota-python/x"; SharePoint identifies
        # decorated traffic by the whole header, so ours stays as set above.
        UserAgentHandlerOption.get_key(): UserAgentHandlerOption(enabled=False),
        UrlReplaceHandlerOption.get_key(): UrlReplaceHandlerOption(
            enabled=True, replacement_pairs={"/users/me-token-to-replace": "/me"}),
    }
    http = GraphClientFactory.create_with_default_middleware(client=http, options=options)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = settings.base_url
    return GraphConnection(GraphServiceClient(request_adapter=adapter), http, transport, credential)
