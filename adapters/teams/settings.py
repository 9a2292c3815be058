"""The `teams:` block of app.yaml: the Azure Bot's app registration and how it authenticates."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from adapters.settings_base import OptionalBlock
from adapters.teams.manifest_settings import TeamsManifestSettings

# What applies without app.yaml too (adapters.config's built-in defaults): the same variables.
DEFAULTS = {
    "app_id": "${MICROSOFT_APP_ID:-}",
    "app_password": "${MICROSOFT_APP_PASSWORD:-}",
    "app_tenant_id": "${MICROSOFT_APP_TENANT_ID:-}",
    "app_type": "${MICROSOFT_APP_TYPE:-SingleTenant}",
    "allow_unauthenticated": "${SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED:-0}",
    "graph_files": "${SIGNOFF_TEAMS_GRAPH_FILES:-0}",
    "messaging_endpoint": "${MICROSOFT_MESSAGING_ENDPOINT:-}",
}


class TeamsSettings(OptionalBlock):
    """MICROSOFT_APP_ID / _PASSWORD / _TENANT_ID / _TYPE, interpolated by app.yaml.

    Inbound JWT validation is botbuilder's and is on whenever an app id is set. Without one the
    adapter only runs when `allow_unauthenticated` (SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED=1) says
    so, for the Bot Framework Emulator and tests.
    """

    app_id: str = ""
    app_password: str = ""
    app_tenant_id: str = ""
    app_type: Literal["SingleTenant", "MultiTenant", "UserAssignedMSI"] = "SingleTenant"
    allow_unauthenticated: bool = False
    # Files Teams hands over with a submit (in a personal chat) are read for their SHA-256 up
    # to this size; a larger one is kept without a fingerprint.
    file_limit_mb: int = Field(default=250, ge=1, le=10_000)
    # Files shared in a channel, which Teams hands no bot, read through Microsoft Graph with
    # the app's credentials (ChannelMessage.Read.Group, asked in the app package, and
    # Files.Read.All, granted by an administrator). Microsoft's addresses; another cloud's
    # (graph.microsoft.us …) where the tenant lives there.
    graph_files: bool = False
    graph_url: str = "https://graph.microsoft.com/v1.0"
    login_url: str = "https://login.microsoftonline.com"
    # The Azure Bot's messaging endpoint (…/api/messages), so `signoff doctor` can check it is
    # HTTPS; "" when not said.
    messaging_endpoint: str = ""
    # The app package's developer, links, names and accent colour (`signoff manifest teams`).
    manifest: TeamsManifestSettings = TeamsManifestSettings()

    @property
    def enabled(self) -> bool:
        return bool(self.app_id) or self.allow_unauthenticated

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    @model_validator(mode="after")
    def _complete(self) -> TeamsSettings:
        if not self.app_id:
            if self.graph_files:
                raise ValueError("graph_files needs app_id and app_password")
            if self.app_password or self.app_tenant_id:
                # Half a registration would silently serve Teams without authentication.
                raise ValueError("app_id is empty but a password or tenant is set")
            return self
        if self.app_type != "MultiTenant" and not self.app_tenant_id:
            raise ValueError(f"app_tenant_id is required for app_type {self.app_type}")
        if self.app_type != "UserAssignedMSI" and not self.app_password:
            raise ValueError(f"app_password is required for app_type {self.app_type}")
        if self.graph_files and not self.app_password:
            raise ValueError("graph_files needs the app's password (a client secret) for Graph")
        return self
