"""The bot's outbound credentials, one per destination for the life of the platform.

botbuilder's factories build a new credentials object for every Connector client, that is for
every post; a new MicrosoftAppCredentials means a new MSAL ConfidentialClientApplication, with
an empty token cache: a tenant-discovery request and a token request to Microsoft's login, both
blocking `requests` calls on the event loop, before each post can go. Keeping one object per
(app id, oauth scope, login endpoint, validate_authority) lets MSAL's own cache serve the token
until it nears expiry, when MSAL asks for a new one by itself.

That one login an hour (or after a restart) is still a blocking call, and msrest makes it on the
event loop's thread when it signs a request. So the factory asks for the token first, in a
worker thread, before it hands the object over: the request's own signing then finds it in
MSAL's cache, and no login ever stalls the other conversations."""

from __future__ import annotations

import asyncio
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationServiceClientCredentialFactory
from botframework.connector.auth import AppCredentials, AuthenticationConstants
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

    Sharing is safe: MSAL runs for an object in one worker thread at a time (the key's lock) and
    on the loop's thread when msrest signs a request, and its TokenCache guards its entries with
    a lock across the two. The objects hold the app password and the tokens; nothing here logs
    them."""

    def __init__(self, configuration: Any) -> None:
        super().__init__(configuration)
        self._made: dict[_Key, Authentication] = {}
        # One token request per key at a time: posts that meet a login wait for it rather than
        # each starting their own.
        self._fetching: dict[_Key, asyncio.Lock] = {}

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Authentication:
        key = (app_id or "", oauth_scope or "", login_endpoint or "", bool(validate_authority))
        made = self._made.get(key)
        if made is None:
            made = await self._make(key, app_id, oauth_scope, login_endpoint, validate_authority)
        async with self._fetching.setdefault(key, asyncio.Lock()):
            await _token_off_the_loop(made)
        return made

    async def _make(
        self, key: _Key, app_id: str, oauth_scope: str, login_endpoint: str,
        validate_authority: bool,
    ) -> Authentication:  # fmt: skip
        # botbuilder's factory checks the app id (it raises for another app's): nothing is
        # kept for a refused key.
        made = await super().create_credentials(
            app_id, oauth_scope, login_endpoint, validate_authority
        )
        if len(self._made) >= MAX_CREDENTIALS:
            oldest = next(iter(self._made))
            self._made.pop(oldest)
            self._fetching.pop(oldest, None)
        # setdefault: should two posts ever race here, both use the one kept.
        return self._made.setdefault(key, made)

    def __repr__(self) -> str:  # never the password the credentials hold
        return f"{type(self).__name__}({len(self._made)} kept)"


async def _token_off_the_loop(credentials: Authentication) -> None:
    """Has MSAL's cache hold a fresh token: a cache read when it does (microseconds), a login to
    Microsoft when it does not, in a worker thread either way. Credentials that sign nothing
    (no app id: the Emulator, or authentication off) are left alone, as botbuilder leaves them."""
    if not isinstance(credentials, AppCredentials):
        return
    app_id = credentials.microsoft_app_id
    if not app_id or app_id == AuthenticationConstants.ANONYMOUS_SKILL_APP_ID:
        return
    await asyncio.to_thread(credentials.get_access_token)
