"""Microsoft's identity service as a Bot Framework bot meets it, faked at its real addresses
(through tests.teams.tls_intercept):

- https://login.botframework.com/v1/.well-known/openidconfiguration and the JWKS it names: the
  keys Teams' tokens are signed with, each listing the channels that endorse it ("msteams").
  `channel_token` signs what the Bot Framework would send a bot with an activity.
- https://login.microsoftonline.com/<tenant>/…: Entra ID's tenant metadata and token endpoint,
  where the bot trades its app id and password (client_credentials) for a token to call the
  Bot Connector with. Like Entra, it knows a Single Tenant app only in its home tenant.
- An App Service's managed-identity endpoint (IDENTITY_ENDPOINT, on loopback), where a bot
  registered as UserAssignedMSI gets its token with no password.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.teams.tls_intercept import InterceptHandler, InterceptServer

BOT_FRAMEWORK = "login.botframework.com"
ENTRA = "login.microsoftonline.com"
ISSUER = "https://api.botframework.com"  # of every token the Bot Framework sends a bot
METADATA = "/v1/.well-known/openidconfiguration"
JWKS = "/v1/.well-known/keys"
MANAGED_IDENTITY = "/msi/token"  # an App Service's local identity endpoint, plain http


@dataclass(frozen=True)
class SigningKey:
    kid: str
    endorsements: list[str]
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**public, "kid": self.kid, "use": "sig", "endorsements": self.endorsements}


@dataclass(frozen=True)
class Login:
    """One request to a token endpoint: the tenant in its path, its form, what it was given."""

    tenant: str
    form: dict[str, str]
    token: str  # "" when refused


class FakeIdentity:
    """`with FakeIdentity(...) as identity:` serves until the block ends; `environment()` is
    what points a process's `requests` at it."""

    def __init__(self, *, app_id: str, app_password: str, home_tenant: str, folder: Path):
        self.app_id, self.app_password, self.home_tenant = app_id, app_password, home_tenant
        self.teams_key = SigningKey("bf-teams", ["msteams", "webchat", "directline"])
        self.webchat_key = SigningKey("bf-webchat", ["webchat"])  # not Teams'
        self.logins: list[Login] = []
        self.token_lifetime = 3599  # seconds, the expires_in of each token it issues
        self.seen: list[tuple[str, str, str]] = []  # (method, host, path) of every request
        handler = type("Handler", (_Handler,), {"identity": self})
        self.server = InterceptServer(handler, [BOT_FRAMEWORK, ENTRA], folder)

    def __enter__(self) -> FakeIdentity:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    def environment(self) -> dict[str, str]:
        return self.server.environment()

    def managed_identity_environment(self) -> dict[str, str]:
        """What makes MSAL take this fake for the App Service's managed-identity endpoint."""
        return {
            "IDENTITY_ENDPOINT": f"{self.server.proxy_url}{MANAGED_IDENTITY}",
            "IDENTITY_HEADER": "fake-identity-header",
        }

    def entra_tenants(self) -> set[str]:
        """The tenants named in every path asked of login.microsoftonline.com."""
        return {path.split("/")[1] for _, host, path in self.seen if host == ENTRA}

    def issued(self, tenant: str) -> set[str]:
        return {login.token for login in self.logins if login.token and login.tenant == tenant}

    def channel_token(
        self,
        *,
        service_url: str,
        audience: str | None = None,
        key: SigningKey | None = None,
        expires_in: int = 3600,
    ) -> str:
        """A token as the Bot Framework signs it for an activity to this bot (by default)."""
        key = key or self.teams_key
        now = int(time.time())
        issued = min(now, now + expires_in - 3600)  # an hour before it expires, at the latest
        claims = {
            "serviceurl": service_url,
            "nbf": issued - 300,
            "exp": now + expires_in,
            "iss": ISSUER,
            "aud": self.app_id if audience is None else audience,
        }
        return jwt.encode(claims, key.private, algorithm="RS256", headers={"kid": key.kid})

    def answer(self, method: str, host: str, path: str, form: dict[str, str]) -> tuple[int, Any]:
        self.seen.append((method, host, path))
        if host == BOT_FRAMEWORK and (method, path) == ("GET", METADATA):
            return 200, {"issuer": ISSUER, "jwks_uri": f"https://{BOT_FRAMEWORK}{JWKS}",
                         "id_token_signing_alg_values_supported": ["RS256"]}  # fmt: skip
        if host == BOT_FRAMEWORK and (method, path) == ("GET", JWKS):
            return 200, {"keys": [self.teams_key.jwk(), self.webchat_key.jwk()]}
        if host == "127.0.0.1" and (method, path) == ("GET", MANAGED_IDENTITY):
            return self._managed(form)
        parts = path.split("/")  # "", tenant, …
        if host == ENTRA and method == "GET" and path.endswith("/.well-known/openid-configuration"):
            base = f"https://{ENTRA}/{parts[1]}"
            return 200, {"issuer": f"{base}/v2.0", "token_endpoint": f"{base}/oauth2/v2.0/token",
                         "authorization_endpoint": f"{base}/oauth2/v2.0/authorize"}  # fmt: skip
        if host == ENTRA and method == "POST" and path.endswith("/oauth2/v2.0/token"):
            return self._token(parts[1], form)
        return 404, {"error": "not faked"}

    def _token(self, tenant: str, form: dict[str, str]) -> tuple[int, Any]:
        known = (form.get("client_id"), form.get("client_secret")) == (
            self.app_id,
            self.app_password,
        )
        if tenant != self.home_tenant or not known:
            self.logins.append(Login(tenant=tenant, form=form, token=""))
            unknown = f"AADSTS700016: Application with identifier '{form.get('client_id')}' was "
            unknown += f"not found in the directory '{tenant}'."
            return 400, {"error": "unauthorized_client", "error_description": unknown}
        token = secrets.token_urlsafe(24)
        self.logins.append(Login(tenant=tenant, form=form, token=token))
        lifetime = self.token_lifetime
        return 200, {"token_type": "Bearer", "expires_in": lifetime, "access_token": token}

    def _managed(self, query: dict[str, str]) -> tuple[int, Any]:
        """App Service's answer for the user-assigned identity whose client id is the app's."""
        if query.get("client_id") != self.app_id:
            self.logins.append(Login(tenant="managed identity", form=query, token=""))
            return 400, {"statusCode": 400, "message": "No managed identity with that client id"}
        token = secrets.token_urlsafe(24)
        self.logins.append(Login(tenant="managed identity", form=query, token=token))
        expires_on = str(int(time.time()) + self.token_lifetime)
        return 200, {"access_token": token, "expires_on": expires_on,
                     "resource": query.get("resource"), "token_type": "Bearer"}  # fmt: skip


class _Handler(InterceptHandler):
    identity: FakeIdentity

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        # A POST's form, or a GET's query (the managed-identity endpoint's parameters).
        form = dict(urllib.parse.parse_qsl(body or urllib.parse.urlsplit(self.path).query))
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        status, payload = self.identity.answer(self.command, host, path, form)
        self.answer(status, json.dumps(payload).encode())

    do_GET = do_POST = _serve
