"""Graph and SharePoint settings, read from a mapping (the process environment in production).

`config.py` calls `GraphSettings.from_env(env)` when `DESK_STORE=sharepoint`; `make provision`
calls it too. Every problem is reported at once, one per line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0"
DEFAULT_LIST = "Service Desk Tickets"
DEFAULT_STATE_LIST = "Service Desk State"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


class Credential(StrEnum):
    SECRET = "client secret"
    CERTIFICATE = "certificate"
    MANAGED_IDENTITY = "managed identity"
    NONE = "none"  # no token at all: only for a fake Graph on this machine


@dataclass(frozen=True)
class GraphSettings:
    site_id: str
    credential: Credential
    tenant_id: str = ""
    client_id: str = ""
    client_secret: str = ""
    certificate_path: Path | None = None
    certificate_password: str = ""
    base_url: str = DEFAULT_BASE_URL
    list_name: str = DEFAULT_LIST
    state_list_name: str = DEFAULT_STATE_LIST
    company: str = "Contoso"
    app_version: str = "1.0"

    @property
    def is_local(self) -> bool:
        return urlsplit(self.base_url).hostname in LOCAL_HOSTS

    @property
    def user_agent(self) -> str:
        """The decoration SharePoint asks of unattended callers: NONISV|company|app/version."""
        return f"NONISV|{self.company}|ServiceDesk/{self.app_version}"

    @property
    def scope(self) -> str:
        """`https://<graph host>/.default`, so national clouds get tokens for their own host."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}/.default"

    def __repr__(self) -> str:  # never print the secret
        return f"GraphSettings(site_id={self.site_id!r}, credential={self.credential.value!r}, base_url={self.base_url!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GraphSettings:
        """Raises ValueError naming every missing or invalid setting."""
        problems: list[str] = []

        def text(name: str, default: str = "") -> str:
            return (env.get(name) or default).strip()

        base_url = text("GRAPH_BASE_URL", DEFAULT_BASE_URL).rstrip("/")
        parts = urlsplit(base_url)
        local = parts.hostname in LOCAL_HOSTS
        if parts.scheme not in ("https", "http") or not parts.hostname:
            problems.append(f"GRAPH_BASE_URL: '{base_url}' is not an http(s) URL")
        elif parts.scheme == "http" and not local:
            problems.append("GRAPH_BASE_URL: plain http is accepted only for 127.0.0.1/localhost")

        auth = text("GRAPH_AUTH").lower()
        if auth not in ("", "entra", "none"):
            problems.append(f"GRAPH_AUTH: '{auth}' is not 'entra' or 'none'")
        managed = text("GRAPH_MANAGED_IDENTITY").lower()
        if managed not in _TRUE + _FALSE:
            problems.append(f"GRAPH_MANAGED_IDENTITY: '{managed}' is not true or false")
        tenant, client_id = text("GRAPH_TENANT_ID"), text("GRAPH_CLIENT_ID")
        secret, cert = text("GRAPH_CLIENT_SECRET"), text("GRAPH_CERTIFICATE_PATH")

        credential = Credential.NONE
        if auth == "none":
            if not local:
                problems.append("GRAPH_AUTH: 'none' is accepted only when GRAPH_BASE_URL is on 127.0.0.1/localhost")
        else:
            chosen = [c for c, on in ((Credential.SECRET, secret), (Credential.CERTIFICATE, cert),
                                      (Credential.MANAGED_IDENTITY, managed in _TRUE)) if on]
            if len(chosen) != 1:
                problems.append("GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH, GRAPH_MANAGED_IDENTITY: "
                                f"set exactly one (found {len(chosen)})")
            else:
                credential = chosen[0]
            if credential in (Credential.SECRET, Credential.CERTIFICATE):
                if not tenant:
                    problems.append("GRAPH_TENANT_ID: required with a client secret or certificate")
                if not client_id:
                    problems.append("GRAPH_CLIENT_ID: required with a client secret or certificate")
            if credential is Credential.CERTIFICATE and not Path(cert).is_file():
                problems.append(f"GRAPH_CERTIFICATE_PATH: no file at {cert}")

        site_id = text("SHAREPOINT_SITE_ID")
        if not site_id:
            problems.append("SHAREPOINT_SITE_ID: required (hostname,site-collection-id,web-id)")
        list_name = text("SHAREPOINT_LIST", DEFAULT_LIST)
        state_list = text("SHAREPOINT_STATE_LIST", DEFAULT_STATE_LIST)
        if list_name == state_list:
            problems.append("SHAREPOINT_STATE_LIST: must differ from SHAREPOINT_LIST")
        company = text("GRAPH_COMPANY", "Contoso")
        if "|" in company:
            problems.append("GRAPH_COMPANY: must not contain '|'")

        if problems:
            raise ValueError("Invalid Graph settings:\n" + "\n".join(f"- {p}" for p in problems))
        return cls(
            site_id=site_id, credential=credential, tenant_id=tenant, client_id=client_id,
            client_secret=secret, certificate_path=Path(cert) if cert else None,
            certificate_password=text("GRAPH_CERTIFICATE_PASSWORD"), base_url=base_url,
            list_name=list_name, state_list_name=state_list, company=company,
            app_version=text("DESK_VERSION", "1.0"),
        )
