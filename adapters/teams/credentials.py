"""The bot's outbound credentials, one per destination for the life of the platform.

botbuilder's factories build a new credentials object for every Connector client, that is for
every post; a new MicrosoftAppCredentials means a new MSAL ConfidentialClientApplication, with
an empty token cache: a tenant-discovery request and a token request to Microsoft's login, both
blocking `requests` calls on the event loop, before each post can go. Keeping one object per
(app id, oauth scope, login endpoint, validate_authority) lets MSAL's own cache serve the token
until it nears expiry, when MSAL asks for a new one by itself."""

from __future__ import annotations

from typing import Any

from botbuilder.integration.aiohttp import ConfigurationServiceClientCredentialFactory
from msrest.authentication import Authentication

# The keys are few (one scope per cloud and audience the bot posts to); the bound only keeps a
# stream of unexpected audiences from growing the cache without end.
MAX_CREDENTIALS = 32

_Key = tuple[str, str, str, bool]


class SharedCredentialsFactory(ConfigurationServiceClientCredentialFactory):
    """botbuilder's factory for the configured app type (a password for SingleTenant and
    MultiTenant, the managed identity for UserAssignedMSI), handing out the first object it
    made for each key.

    It covers the managed-identity factory too: ManagedIdentityAppCredentials already share a
    class-wide MSAL token cache, so MSI made no login per post, but each new object still built
    a ManagedIdentityClient and a requests.Session; sharing the object ends that as well.

    Sharing is safe: msrest calls `signed_session` (and so MSAL) synchronously on the event
    loop's thread, one call at a time, and MSAL's TokenCache guards its entries with a lock in
    case a caller ever runs it from worker threads. The objects hold the app password and the
    tokens; nothing here logs them."""

    def __init__(self, configuration: Any) -> None:
        super().__init__(configuration)
        self._made: dict[_Key, Authentication] = {}

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Authentication:
        key = (app_id or "", oauth_scope or "", login_endpoint or "", bool(validate_authority))
        made = self._made.get(key)
        if made is not None:
            return made
        # botbuilder's factory checks the app id (it raises for another app's): nothing is
        # kept for a refused key.
        made = await super().create_credentials(
            app_id, oauth_scope, login_endpoint, validate_authority
        )
        if len(self._made) >= MAX_CREDENTIALS:
            self._made.pop(next(iter(self._made)))  # the oldest
        # setdefault: should two posts ever race here, both use the one kept.
        return self._made.setdefault(key, made)

    def __repr__(self) -> str:  # never the password the credentials hold
        return f"{type(self).__name__}({len(self._made)} kept)"
