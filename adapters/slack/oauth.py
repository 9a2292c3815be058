"""OAuth mode: Signoff installed in many Slack workspaces through bolt's OAuth flow, each
workspace's installation in Signoff's database (sealed), /slack/install and
/slack/oauth_redirect served by our aiohttp app."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from adapters.slack.ids import INSTALL_PATH, REDIRECT_PATH
from adapters.slack.installations import SignoffInstallationStore, SignoffOAuthStateStore
from adapters.slack.manifest import scopes
from adapters.slack.sealing import Sealer
from adapters.slack.settings import SlackSettings
from bot.ports import Clock
from storage.repositories.slack_installs import SqlSlackInstallations

STATE_SECONDS = 600  # how long an install started may take to come back


@dataclass(frozen=True)
class OAuthMode:
    store: SignoffInstallationStore
    settings: AsyncOAuthSettings


def oauth_mode(settings: SlackSettings, engine: AsyncEngine, clock: Clock) -> OAuthMode:
    """The stores on `engine` and bolt's OAuth settings; the scopes are the manifest's."""
    sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    repository = SqlSlackInstallations(sessions)
    sealer = Sealer(settings.encryption_secret, settings.previous_encryption_secret)
    store = SignoffInstallationStore(
        repository=repository, sealer=sealer, client_id=settings.client_id, clock=clock
    )
    states = SignoffOAuthStateStore(
        repository=repository, clock=clock, expiration_seconds=STATE_SECONDS
    )
    oauth = AsyncOAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=scopes(),
        redirect_uri=settings.redirect_url or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        # /slack/install sends the browser straight to Slack's consent page.
        install_page_rendering_enabled=False,
        installation_store=store,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
    )
    return OAuthMode(store=store, settings=oauth)


def install_oauth_routes(app: web.Application, bolt: AsyncApp) -> None:
    """GET /slack/install (redirect to Slack with a state) and GET /slack/oauth_redirect
    (Slack's code exchanged for the installation, which the store seals and keeps)."""
    flow = bolt.oauth_flow
    assert flow is not None, "OAuth mode builds the app with oauth_settings"

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(
            await flow.handle_installation(await to_bolt_request(request))
        )

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    app.router.add_get(INSTALL_PATH, install)
    app.router.add_get(REDIRECT_PATH, redirect)
