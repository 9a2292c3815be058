"""The `pages:` block of app.yaml: where the projects' read-only pages are reached from outside,
and the secret their links are signed with (from the environment, never written in the file)."""

from __future__ import annotations

from pydantic import Field, field_validator

from adapters.settings_base import OptionalBlock
from bot.pages import PageSite

# What applies without an app.yaml: the same environment variables as the shipped file.
DEFAULTS = {"public_url": "${SIGNOFF_PUBLIC_URL:-}", "secret": "${SIGNOFF_PAGE_SECRET:-}"}
MIN_SECRET = 32


class PagesSettings(OptionalBlock):
    # The address clients open, as the outside world reaches `signoff run` (behind a proxy,
    # the proxy's): links are {public_url}/p/{token}.
    public_url: str = ""
    # repr=False and a key named "secret": kept out of reprs and masked in every log line
    # (adapters.logs.secrets_in). Checked for length in `problem`, never by a validator, whose
    # error would echo the value.
    secret: str = Field(default="", repr=False)

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("expected the address clients open, like https://signoff.example.com")
        return value

    @property
    def problem(self) -> str:
        """Why these settings cannot start (one line, naming no secret), or ""."""
        if self.secret and len(self.secret) < MIN_SECRET:
            return (
                f"pages.secret (SIGNOFF_PAGE_SECRET) is shorter than {MIN_SECRET} characters; "
                "use a long random one, e.g. from `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`"
            )
        return ""

    def site(self) -> PageSite:
        """What the core signs links with (pages stay off until both are set)."""
        return PageSite(public_url=self.public_url, secret=self.secret)
