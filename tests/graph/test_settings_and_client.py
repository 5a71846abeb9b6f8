"""Graph settings are checked at start-up; the client talks to GRAPH_BASE_URL with the decorated
User-Agent SharePoint asks for."""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.identity.aio import CertificateCredential, ClientSecretCredential, ManagedIdentityCredential

from graph.client import build_credential, connect
from graph.lists import find_list_id
from graph.settings import Credential, GraphSettings
from tests.graph.fake_graph import FakeGraph

SITE = {"SHAREPOINT_SITE_ID": "contoso.sharepoint.com,1,2"}
SECRET = {**SITE, "GRAPH_TENANT_ID": "t", "GRAPH_CLIENT_ID": "c", "GRAPH_CLIENT_SECRET": "s3cret"}


def test_defaults_with_a_client_secret() -> None:
    settings = GraphSettings.from_env(SECRET)

    assert settings.credential is Credential.SECRET
    assert settings.base_url == "https://graph.microsoft.com/v1.0"
    assert settings.scope == "https://graph.microsoft.com/.default"
    assert settings.list_name == "Service Desk Tickets"
    assert settings.user_agent == "NONISV|Contoso|ServiceDesk/1.0"
    assert "s3cret" not in repr(settings)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ValueError) as error:
        GraphSettings.from_env({"GRAPH_BASE_URL": "http://graph.example.com/v1.0", "GRAPH_CLIENT_SECRET": "s",
                                "GRAPH_MANAGED_IDENTITY": "maybe"})
    text = str(error.value)
    for name in ("GRAPH_BASE_URL: plain http", "GRAPH_MANAGED_IDENTITY: 'maybe'", "GRAPH_TENANT_ID",
                 "GRAPH_CLIENT_ID", "SHAREPOINT_SITE_ID"):
        assert name in text


def test_no_token_only_for_a_graph_on_this_machine() -> None:
    with pytest.raises(ValueError, match="GRAPH_AUTH: 'none' is accepted only"):
        GraphSettings.from_env({**SITE, "GRAPH_AUTH": "none"})
    local = GraphSettings.from_env({**SITE, "GRAPH_AUTH": "none", "GRAPH_BASE_URL": "http://127.0.0.1:9/v1.0"})
    assert local.credential is Credential.NONE and local.is_local


def test_exactly_one_credential(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="set exactly one"):
        GraphSettings.from_env({**SECRET, "GRAPH_MANAGED_IDENTITY": "true"})
    with pytest.raises(ValueError, match="GRAPH_CERTIFICATE_PATH: no file"):
        GraphSettings.from_env({**SITE, "GRAPH_TENANT_ID": "t", "GRAPH_CLIENT_ID": "c",
                                "GRAPH_CERTIFICATE_PATH": str(tmp_path / "missing.pem")})


async def test_each_credential_kind_builds_its_azure_identity_credential(tmp_path: Path) -> None:
    pem = tmp_path / "app.pem"
    pem.write_bytes(_self_signed_pem())
    cases = [
        (SECRET, ClientSecretCredential),
        ({**SITE, "GRAPH_TENANT_ID": "t", "GRAPH_CLIENT_ID": "c", "GRAPH_CERTIFICATE_PATH": str(pem)},
         CertificateCredential),
        ({**SITE, "GRAPH_MANAGED_IDENTITY": "true"}, ManagedIdentityCredential),
    ]
    for env, kind in cases:
        credential = build_credential(GraphSettings.from_env(env))
        assert isinstance(credential, kind)
        await credential.close()


async def test_requests_go_to_the_base_url_with_the_decorated_user_agent() -> None:
    async with FakeGraph() as fake:
        settings = GraphSettings.from_env({**SITE, "GRAPH_AUTH": "none", "GRAPH_BASE_URL": fake.url,
                                           "GRAPH_COMPANY": "Fabrikam", "DESK_VERSION": "2.3"})
        connection = connect(settings)
        try:
            assert await find_list_id(connection.client, settings.site_id, "Nothing here") is None
        finally:
            await connection.close()

    assert [(r.method, r.path) for r in fake.log] == [("GET", "/sites/contoso.sharepoint.com,1,2/lists")]
    assert fake.log[0].headers["User-Agent"] == "NONISV|Fabrikam|ServiceDesk/2.3"
    assert "Authorization" not in fake.log[0].headers


def _self_signed_pem() -> bytes:
    """An RSA key and a self-signed certificate in one PEM, as CertificateCredential reads it."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "service-desk-test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()) + cert.public_bytes(serialization.Encoding.PEM)
