"""Answering for a real HTTPS address on loopback: a throwaway certificate authority and an
HTTP proxy that, for a CONNECT to one of its names, ends the TLS itself with a certificate that
authority signed. Code that calls Microsoft with `requests` (botbuilder's key fetch, MSAL) is
pointed here by the process environment alone (HTTPS_PROXY, REQUESTS_CA_BUNDLE), so it calls
the very addresses it would call in production.

It runs in threads, not on the test's event loop: botbuilder and MSAL call `requests` from
inside that loop, blocking it until they have their answer."""

from __future__ import annotations

import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def tls_for(hosts: list[str], folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for `hosts`, and the PEM file of the authority that
    signed it (what a client is told to trust)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Signoff test CA"))
        .issuer_name(_name("Signoff test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = folder / "server.pem"
    chain.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + leaf.public_bytes(pem)
    )
    authority = folder / "ca.pem"
    authority.write_bytes(ca.public_bytes(pem))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain)
    return context, authority


class InterceptHandler(BaseHTTPRequestHandler):
    """Requests that came through a CONNECT to one of the server's names, decrypted. A subclass
    answers them in do_GET / do_POST, reading the address asked for from the Host header."""

    server: InterceptServer
    timeout = 10  # seconds a tunnel may sit idle before its thread gives up

    def do_CONNECT(self) -> None:
        host = self.path.rsplit(":", 1)[0]
        self.server.tunnels.append(host)
        if host not in self.server.hosts:
            # Anything else would leave the machine; the test should see that, not hang on it.
            self.send_error(403, f"{host} is not faked here")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.connection = self.server.tls.wrap_socket(self.connection, server_side=True)
        self.rfile = self.connection.makefile("rb")
        self.wfile = self.connection.makefile("wb")
        self.close_connection = False  # go on reading requests, now inside the tunnel

    def answer(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def finish(self) -> None:
        super().finish()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test's assertions say what happened


class InterceptServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[InterceptHandler], hosts: list[str], folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.hosts = hosts
        self.tls, self.authority = tls_for(hosts, folder)
        self.tunnels: list[str] = []  # the host of every CONNECT, in order
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def environment(self) -> dict[str, str]:
        """What sends a process's `requests` calls to these names here, and trusts them."""
        proxy = {"HTTPS_PROXY": self.proxy_url, "NO_PROXY": "127.0.0.1,localhost"}
        # urllib reads either spelling, the lower-case one first.
        return {**proxy, **{k.lower(): v for k, v in proxy.items()},
                "REQUESTS_CA_BUNDLE": str(self.authority)}  # fmt: skip

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()
