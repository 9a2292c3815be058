"""The `slack:` block of app.yaml: tokens and the Web API base URL, filled from the environment."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from adapters.settings_base import OptionalBlock

SLACK_API_URL = "https://slack.com/api/"
# What applies without an app.yaml: the same environment variables as the shipped file.
DEFAULTS = {
    "bot_token": "${SLACK_BOT_TOKEN:-}",
    "signing_secret": "${SLACK_SIGNING_SECRET:-}",
    "app_token": "${SLACK_APP_TOKEN:-}",
    "api_url": "${SLACK_API_URL:-" + SLACK_API_URL + "}",
    "request_url": "${SLACK_REQUEST_URL:-}",
    # OAuth install in many workspaces (README, "Many Slack workspaces"): secrets from the
    # environment only.
    "client_id": "${SLACK_CLIENT_ID:-}",
    "client_secret": "${SLACK_CLIENT_SECRET:-}",
    "redirect_url": "${SLACK_REDIRECT_URL:-}",
    "encryption_secret": "${SIGNOFF_ENCRYPTION_KEY:-}",
    "previous_encryption_secret": "${SIGNOFF_ENCRYPTION_KEY_PREVIOUS:-}",
}


class SlackSettings(OptionalBlock):
    # repr=False keeps the tokens out of reprs and error messages; plain strings (not SecretStr)
    # so adapters.logs.secrets_in finds them by key name and masks them in every log line.
    bot_token: str = Field(default="", repr=False)
    signing_secret: str = Field(default="", repr=False)
    app_token: str = Field(default="", repr=False)
    api_url: str = SLACK_API_URL
    # The Request URL given to Slack in HTTP mode (…/slack/events), so `signoff doctor` can
    # check it is HTTPS and answers; "" when not said (Socket Mode needs none).
    request_url: str = ""
    # Files shared with a submit are read for their SHA-256 up to this size (larger ones are
    # recorded without a fingerprint).
    file_limit_mb: int = Field(default=250, ge=1, le=10_000)
    # OAuth mode (many workspaces) when the app's client id and secret are set: tokens come
    # from each workspace's installation, sealed in the database with the Fernet key
    # SIGNOFF_ENCRYPTION_KEY ("secret" in the names so the log masking finds them).
    client_id: str = ""
    client_secret: str = Field(default="", repr=False)
    redirect_url: str = ""  # …/slack/oauth_redirect; "" lets Slack use the app's only one
    encryption_secret: str = Field(default="", repr=False)
    previous_encryption_secret: str = Field(default="", repr=False)

    @field_validator("api_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        # slack_sdk joins the method name onto the base URL, so it must end in a slash.
        value = value.strip() or SLACK_API_URL
        return value if value.endswith("/") else value + "/"

    @property
    def enabled(self) -> bool:
        """On when the bot token is set with the signing secret (HTTP) or an app token (Socket
        Mode, where Slack signs nothing because the bot opens the connection itself)."""
        return (bool(self.bot_token) or self.oauth) and (self.http or self.socket_mode)

    @property
    def oauth(self) -> bool:
        """Many workspaces, each installing through /slack/install, instead of one bot token."""
        return bool(self.client_id and self.client_secret)

    @model_validator(mode="after")
    def _sealed_tokens(self) -> SlackSettings:
        # Installations keep tokens in the database: never without the key that encrypts them.
        if self.oauth and not self.encryption_secret:
            raise ValueError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth install) need "
                "SIGNOFF_ENCRYPTION_KEY, the Fernet key that encrypts the workspaces' tokens"
            )
        return self

    @property
    def http(self) -> bool:
        return bool(self.signing_secret)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)
