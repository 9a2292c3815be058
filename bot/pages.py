"""Links to a project's read-only web page: a random link id, signed with the studio's secret
(HMAC-SHA256), stored with when it expires. A link works only while its row exists, is not
revoked and has not expired; the token names no project, so nothing can be guessed from it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.model import Person

LINK_DAYS = 30  # how long a link works unless the PM says otherwise
MAX_LINK_DAYS = 365
# The link id's own shape (secrets.token_urlsafe(16)) and the signature's (a base64url SHA-256).
_TOKEN = re.compile(r"(?P<link>[A-Za-z0-9_-]{22})\.(?P<signature>[A-Za-z0-9_-]{43})")
# Binds a signature to its use: the same secret signing anything else can never make a link.
_PURPOSE = b"signoff project page link\x00"


@dataclass(frozen=True, kw_only=True)
class PageSite:
    """Where `signoff run` is reached from outside and the secret links are signed with
    (both from the operator's configuration; pages are off until both are set)."""

    public_url: str = ""
    secret: str = field(default="", repr=False)

    @property
    def enabled(self) -> bool:
        return bool(self.public_url and self.secret)

    def url(self, token: str) -> str:
        return f"{self.public_url.rstrip('/')}/p/{token}"


@dataclass(kw_only=True)
class PageLink:
    """One link handed to a PM: stored so that it can expire and be revoked."""

    id: int = 0
    project_id: int
    link_id: str  # random, in the token beside its signature
    created_by: Person | None
    created_at: datetime
    expires_at: datetime
    revoked_by: Person | None = None
    revoked_at: datetime | None = None


class Refusal(StrEnum):
    """Why a link opens nothing (counted in /metrics, never told to whoever holds it)."""

    FORGED = "forged"  # not a token, or not signed with this secret
    UNKNOWN = "unknown"  # signed, but no such link is stored
    EXPIRED = "expired"
    REVOKED = "revoked"


def new_link_id() -> str:
    """128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def _signature(secret: str, link_id: str) -> str:
    digest = hmac.new(secret.encode(), _PURPOSE + link_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, link_id: str) -> str:
    """The token of a link: its id and the id's signature."""
    return f"{link_id}.{_signature(secret, link_id)}"


def signed_link_id(secret: str, token: str) -> str | None:
    """The link id a token carries if this secret signed it; None for anything else."""
    match = _TOKEN.fullmatch(token)
    if match is None or not secret:
        return None
    link_id = match["link"]
    if not hmac.compare_digest(_signature(secret, link_id), match["signature"]):
        return None
    return link_id


def refusal(link: PageLink | None, now: datetime) -> Refusal | None:
    """Why a stored link (None: not stored) no longer opens its page, or None when it does."""
    if link is None:
        return Refusal.UNKNOWN
    if link.revoked_at is not None:
        return Refusal.REVOKED
    if now >= link.expires_at:
        return Refusal.EXPIRED
    return None
