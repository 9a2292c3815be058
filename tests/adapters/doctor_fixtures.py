"""What `signoff doctor`'s tests stand on: a trusted HTTPS server on loopback (a CA of the test's
own, trusted through SSL_CERT_FILE as an operator would add a studio CA), the settings, and a
project bound to channels."""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from adapters.cli_doctor import doctor_command
from adapters.composition import build_runtime
from adapters.config import Settings, settings_from_mapping
from bot.commands import BindConversation, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform
from bot.service import handle

SLACK_TOKEN, APP_TOKEN = "xoxb-not-a-real-token", "xapp-1-not-a-real-token"


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA), and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "doctor test CA")])
    now = dt.datetime.now(dt.UTC)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "ca.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@asynccontextmanager
async def https_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, status: int = 401
) -> AsyncIterator[str]:
    """An HTTPS server on loopback answering every POST with `status` (Signoff's own answer to
    an unsigned request); yields its URL. Its certificate is trusted through SSL_CERT_FILE."""
    cert_file, key_file = _certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)

    async def answer(_request: web.Request) -> web.Response:
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/slack/events", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"https://127.0.0.1:{port}/slack/events"
    finally:
        await runner.cleanup()


def settings(database_url: str, **blocks: dict[str, Any]) -> Settings:
    # Each block in full: no SLACK_* or MICROSOFT_* of the machine's environment leaks in.
    slack = {"bot_token": "", "signing_secret": "", "app_token": "", **blocks.pop("slack", {})}
    teams = {"app_id": "", "app_password": "", "app_tenant_id": "", **blocks.pop("teams", {})}
    raw = {"database": {"url": database_url}, "slack": slack, "teams": teams, **blocks}
    return settings_from_mapping(raw, env={})


async def doctor(config: Settings, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`signoff doctor` run on `config`: its exit status and the lines it printed."""
    capsys.readouterr()
    status = await doctor_command(argparse.Namespace(), config)
    return status, capsys.readouterr().out.splitlines()


def line(lines: list[str], start: str) -> str:
    """The one printed line that begins with `start`."""
    found = [text for text in lines if text.startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


async def bind(
    database_url: str,
    *conversations: Conversation,
    references: dict[Conversation, dict[str, Any]] | None = None,
) -> None:
    """Project acme bound to `conversations`, with Teams' stored references where given."""
    operator = Invocation(
        identity=Identity(platform=Platform.CONSOLE, tenant="cli", user_id="op"),
        display_name="op",
        project_key=None,
        operator=True,
    )
    async with await build_runtime(settings(database_url)) as runtime:
        services = runtime.services
        created = CreateProject(key="acme", name="Acme rebrand", client="Acme Co.")
        assert (await handle(created, operator, services)).ok
        for where in conversations:
            bound = await handle(BindConversation(key="acme", conversation=where), operator,
                                 services)  # fmt: skip
            assert bound.ok, [r.message.text for r in bound.replies]
        async with services.uow() as uow:
            for where, reference in (references or {}).items():
                await uow.platform.keep_reference(where, reference, services.clock.now())
            await uow.commit()
