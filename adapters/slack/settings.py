"""The `slack:` block of app.yaml: tokens and the Web API base URL, filled from the environment."""

from __future__ import annotations

from pydantic import Field, field_validator

from adapters.settings_base import OptionalBlock

SLACK_API_URL = "https://slack.com/api/"
# What applies without an app.yaml: the same environment variables as the shipped file.
DEFAULTS = {
    "bot_token": "${SLACK_BOT_TOKEN:-}",
    "signing_secret": "${SLACK_SIGNING_SECRET:-}",
    "app_token": "${SLACK_APP_TOKEN:-}",
    "api_url": "${SLACK_API_URL:-" + SLACK_API_URL + "}",
}


class SlackSettings(OptionalBlock):
    # repr=False keeps the tokens out of reprs and error messages; plain strings (not SecretStr)
    # so adapters.logs.secrets_in finds them by key name and masks them in every log line.
    bot_token: str = Field(default="", repr=False)
    signing_secret: str = Field(default="", repr=False)
    app_token: str = Field(default="", repr=False)
    api_url: str = SLACK_API_URL
    # Files shared with a submit are read for their SHA-256 up to this size (larger ones are
    # recorded without a fingerprint).
    file_limit_mb: int = Field(default=250, ge=1, le=10_000)

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
        return bool(self.bot_token) and (self.http or self.socket_mode)

    @property
    def http(self) -> bool:
        return bool(self.signing_secret)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)
