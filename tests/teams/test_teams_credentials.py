"""Teams with authentication on does not log in to Microsoft for every post: the bot's token
comes from MSAL's cache until it nears expiry, for every tenant's conversation, and a new one
is asked only then. Each login is a tenant discovery and a token request, both blocking calls
on the event loop, so one per post would stall every other conversation for their length.
Microsoft's login is faked at its real address (tests.teams.fake_identity)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msal.application
import msal.token_cache
import pytest
import requests
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import JwtTokenExtractor, ManagedIdentityAppCredentials

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.platforms import build_teams
from adapters.server import make_app
from tests.teams.fake_connector import Call, FakeConnector
from tests.teams.fake_identity import ENTRA, FakeIdentity
from tests.teams.test_teams_authenticated import (
    APP_ID,
    CHANNEL_A,
    CHANNEL_B,
    CLEO,
    HOME,
    PASSWORD,
    PAULA,
    TENANT_A,
    TENANT_B,
    Studio,
)

SINGLE_TENANT = {
    "MICROSOFT_APP_TYPE": "SingleTenant",
    "MICROSOFT_APP_ID": APP_ID,
    "MICROSOFT_APP_PASSWORD": PASSWORD,
    "MICROSOFT_APP_TENANT_ID": HOME,
}
MANAGED_IDENTITY = {  # no password: the App Service's identity stands for the bot
    "MICROSOFT_APP_TYPE": "UserAssignedMSI",
    "MICROSOFT_APP_ID": APP_ID,
    "MICROSOFT_APP_TENANT_ID": HOME,
}
_turns = itertools.cycle([(TENANT_A, CHANNEL_A, PAULA), (TENANT_B, CHANNEL_B, CLEO)])


class MsalClock:
    """The clock MSAL reads (its modules' `time`), which a test can move on: MSAL stops using
    a cached token five minutes before it expires and asks for a new one."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def time(self) -> float:
        return time.time() + self.ahead

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture
def msal_clock(monkeypatch: pytest.MonkeyPatch) -> MsalClock:
    clock = MsalClock()
    monkeypatch.setattr(msal.application, "time", clock)
    monkeypatch.setattr(msal.token_cache, "time", clock)
    return clock


@asynccontextmanager
async def _studio(
    env: dict[str, str], database_url: str, connector: FakeConnector, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Studio]:  # fmt: skip
    identity = FakeIdentity(app_id=APP_ID, app_password=PASSWORD, home_tenant=HOME, folder=tmp_path)
    with identity:
        environment = {**identity.environment(), **identity.managed_identity_environment()}
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        # botbuilder keeps fetched keys, and managed-identity tokens, for the whole process.
        monkeypatch.setattr(JwtTokenExtractor, "metadataCache", {})
        monkeypatch.setattr(ManagedIdentityAppCredentials, "global_token_cache", msal.TokenCache())
        settings = settings_from_mapping({"database": {"url": database_url}}, env=env)
        async with await build_runtime(settings) as runtime:
            platform = build_teams(runtime)
            app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
            async with TestClient(TestServer(app)) as client:
                yield Studio(client, connector, identity, runtime, platform)
                await platform.aclose()


@pytest.fixture
async def studio(
    database_url: str, engine: object, connector: FakeConnector, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Studio]:  # fmt: skip
    async with _studio(SINGLE_TENANT, database_url, connector, tmp_path, monkeypatch) as studio:
        yield studio


async def _ask(studio: Studio, count: int = 1) -> list[Call]:
    """`help` `count` times, in tenant A's and tenant B's channels by turns; each answer."""
    answers = []
    for _ in range(count):
        tenant, channel, who = next(_turns)
        activity = studio.message("help help", tenant=tenant, channel=channel, who=who)
        before = len(studio.connector.posts())
        response = await studio.post(activity, studio.token(activity))
        assert response.status in (200, 201), await response.text()
        [answer] = await studio.connector.wait_for(lambda n=before: studio.connector.posts()[n:])
        assert answer.conversation == activity["conversation"]["id"]
        assert answer.path.startswith(f"/amer/{tenant}/") and "help" in answer.text
        answers.append(answer)
    await studio.settled()
    return answers


def _bearers(calls: list[Call]) -> list[str]:
    return [call.authorization.removeprefix("Bearer ") for call in calls]


def _discoveries(identity: FakeIdentity) -> int:
    """Requests for the home tenant's metadata: MSAL's tenant discovery, once per app object."""
    return sum(
        1
        for method, host, path in identity.seen
        if (method, host) == ("GET", ENTRA) and path.endswith("/.well-known/openid-configuration")
    )


async def test_ten_replies_in_two_tenants_take_one_login(studio: Studio) -> None:
    answers = await _ask(studio, 10)
    assert len(answers) == 10 and {a.path.split("/")[2] for a in answers} == {TENANT_A, TENANT_B}
    logins = studio.identity.logins
    assert len(logins) == 1, f"{len(logins)} logins for 10 replies"
    login = logins[0]
    assert (login.tenant, login.form["client_id"]) == (HOME, APP_ID) and login.token
    assert _discoveries(studio.identity) == 1
    # Every call to the Bot Connector, not only the answers, carried that one token.
    assert set(_bearers(studio.connector.calls)) == {login.token}


async def test_a_token_near_its_expiry_is_replaced_by_a_new_login(
    studio: Studio, msal_clock: MsalClock
) -> None:
    studio.identity.token_lifetime = 600  # ten minutes: MSAL serves it for the first five
    first = await _ask(studio, 2)
    assert len(studio.identity.logins) == 1, f"{len(studio.identity.logins)} logins for 2 replies"
    old = studio.identity.logins[0]
    msal_clock.ahead = 301.0  # into the token's last five minutes
    second = await _ask(studio, 3)
    assert [login.tenant for login in studio.identity.logins] == [HOME, HOME]
    new = studio.identity.logins[1].token
    assert new and new != old.token
    assert _bearers(first) == [old.token] * 2 and _bearers(second) == [new] * 3
    # The same app object asked again: no second tenant discovery.
    assert _discoveries(studio.identity) == 1


async def test_no_login_runs_on_the_event_loop(
    studio: Studio, msal_clock: MsalClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first login and the one near expiry are blocking HTTP calls: made on the loop's
    thread, each would stall every other conversation (and Slack's) for its length."""
    loop_thread = threading.get_ident()
    login_threads: list[int] = []
    send = requests.Session.send

    def watched(session: requests.Session, request: Any, **kwargs: Any) -> Any:
        if urlsplit(request.url).hostname == ENTRA:
            login_threads.append(threading.get_ident())
        return send(session, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", watched)
    studio.identity.token_lifetime = 600
    await _ask(studio, 2)
    msal_clock.ahead = 301.0  # the token's last five minutes: MSAL logs in again
    await _ask(studio, 2)
    assert len(studio.identity.logins) == 2
    # Tenant discovery and two token requests, none of them on the loop's thread.
    assert len(login_threads) == 3 and loop_thread not in login_threads


async def test_a_managed_identity_bot_asks_its_identity_endpoint_once(
    database_url: str, engine: object, connector: FakeConnector, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    async with _studio(MANAGED_IDENTITY, database_url, connector, tmp_path, monkeypatch) as studio:
        await _ask(studio, 4)
        logins = studio.identity.logins
        assert len(logins) == 1, f"{len(logins)} identity requests for 4 replies"
        login = logins[0]
        assert login.tenant == "managed identity" and login.form["client_id"] == APP_ID
        assert login.form["resource"] == "https://api.botframework.com"
        assert set(_bearers(studio.connector.calls)) == {login.token}
        # No password anywhere, so never Entra's token endpoint.
        assert studio.identity.entra_tenants() == set()
