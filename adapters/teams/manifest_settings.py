"""`teams.manifest:` in app.yaml: what the Teams app package says about the studio's app.

Teams shows the developer's name and the three links on the app's page in the store and in
*Manage your apps*; a studio publishing Signoff to its org points them at its own pages.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from adapters.settings_base import OptionalBlock

# The published manifest schema's limits (v1.17): names and links longer are rejected at upload.
_HTTPS = r"^https://\S+$"
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
PROJECT_SITE = "https://github.com/signoff/signoff"


class TeamsManifestSettings(OptionalBlock):
    developer_name: str = Field(default="Signoff", min_length=1, max_length=32)
    website_url: str = Field(default=PROJECT_SITE, pattern=_HTTPS, max_length=2048)
    # Empty: the website's address, as before these could be set.
    privacy_url: str = Field(default="", max_length=2048)
    terms_url: str = Field(default="", max_length=2048)
    short_name: str = Field(default="Signoff", min_length=1, max_length=30)
    full_name: str = Field(
        default="Signoff: feedback, issues and sign-offs", min_length=1, max_length=100
    )
    # The colour behind the outline icon in Teams; the colour icon's own is #2B579A.
    accent_color: str = "#2B579A"

    @field_validator("privacy_url", "terms_url")
    @classmethod
    def _https_or_empty(cls, value: str) -> str:
        if value and not re.match(_HTTPS, value):
            raise ValueError("must be an https:// address (Teams refuses any other)")
        return value

    @field_validator("accent_color")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError("must be a colour written #RRGGBB, e.g. #2B579A")
        return value.upper()

    @property
    def privacy(self) -> str:
        return self.privacy_url or self.website_url

    @property
    def terms(self) -> str:
        return self.terms_url or self.website_url
