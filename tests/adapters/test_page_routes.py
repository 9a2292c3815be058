"""GET /p/{token} on `signoff run`'s app: a valid link shows its own project's page (and nothing
of another's) with headers that keep it private; an expired, revoked or forged link gets the
same plain 404 page; /metrics counts both."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters import page_routes
from adapters.composition import Runtime, SystemClock, build_runtime
from adapters.config import settings_from_mapping
from adapters.server import make_app
from bot.pages import PageSite, sign
from bot.policy import Policy
from bot.service import Services
from storage.database import make_engine
from storage.uow import sql_uow_factory
from tests.fakes import FakeClock
from tests.page_story import PUBLIC_URL, SECRET, lived_project, page_token, say

ACME = {"milestones": ("Logo concepts", "Brand book"), "feedback": "the blue is too cold",
        "issue": "Fonts licence missing"}  # fmt: skip
BETA = {"milestones": ("Beta secret launch", "Beta site"), "feedback": "beta feedback words",
        "issue": "Beta outage"}  # fmt: skip


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[TestClient, Runtime, FakeClock]]:
    settings = settings_from_mapping(
        {"database": {"url": f"sqlite:///{tmp_path / 'pages.db'}"},
         "pages": {"public_url": PUBLIC_URL, "secret": SECRET}},
        env={},
    )  # fmt: skip
    clock = FakeClock()
    async with await build_runtime(settings, clock=clock) as runtime:
        await lived_project(runtime.services, key="acme", name="Acme rebrand",
                            client="Acme Co.", texts=ACME)  # fmt: skip
        await lived_project(runtime.services, key="beta", name="Beta launch",
                            client="Beta Inc.", texts=BETA)  # fmt: skip
        app = make_app(runtime, [page_routes.install])
        async with TestClient(TestServer(app)) as client:
            yield client, runtime, clock


async def metric(client: TestClient, name: str) -> float:
    text = await (await client.get("/metrics")).text()
    lines = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(lines[0].split()[-1]) if lines else 0.0


async def test_a_valid_link_shows_its_project_and_nothing_of_another(served) -> None:
    client, runtime, _ = served
    token = await page_token(runtime.services, "acme")
    response = await client.get(f"/p/{token}")
    assert response.status == 200
    assert response.content_type == "text/html"
    html = await response.text()
    for words in ("Acme rebrand", "Logo concepts", "the blue is too cold", "Fonts licence missing"):
        assert words in html
    for words in ("Beta launch", "Beta secret launch", "beta feedback words", "Beta outage"):
        assert words not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "script-src" not in policy  # no script may run at all
    assert await metric(client, "signoff_pages_served_total") == 1


async def test_expired_revoked_and_forged_links_get_the_same_plain_404(served) -> None:
    client, runtime, clock = served
    short = await page_token(runtime.services, "acme", "project page days 1")
    revoked = await page_token(runtime.services, "beta")
    link_id = revoked.split(".")[0]
    refused_pages = []

    clock.advance(days=1)
    refused_pages.append(await client.get(f"/p/{short}"))
    assert (await client.get(f"/p/{revoked}")).status == 200  # works until the PM revokes it
    await _revoke(runtime, "beta")
    refused_pages.append(await client.get(f"/p/{revoked}"))
    refused_pages.append(await client.get(f"/p/{link_id}.{'A' * 43}"))  # forged signature
    refused_pages.append(await client.get(f"/p/{sign('another-secret' * 3, link_id)}"))
    refused_pages.append(await client.get("/p/not-a-token"))
    refused_pages.append(await client.get(f"/p/{sign(SECRET, 'B' * 22)}"))  # never handed out

    bodies = {await page.text() for page in refused_pages}
    assert [page.status for page in refused_pages] == [404] * 6
    assert len(bodies) == 1  # nothing tells one refusal from another
    [body] = bodies
    assert "Page not found" in body and "页面不存在" in body
    assert "Acme" not in body and "Beta" not in body
    assert all(page.headers["Cache-Control"] == "no-store" for page in refused_pages)

    refused = "signoff_page_links_refused_total"
    assert await metric(client, f'{refused}{{reason="expired"}}') == 1
    assert await metric(client, f'{refused}{{reason="revoked"}}') == 1
    assert await metric(client, f'{refused}{{reason="forged"}}') == 3
    assert await metric(client, f'{refused}{{reason="unknown"}}') == 1
    assert await metric(client, "signoff_pages_served_total") == 1


async def _revoke(runtime: Runtime, key: str) -> None:
    said = await say(runtime.services, key, "paula", "project page revoke")
    assert "stopped working" in said


async def test_without_pages_configured_every_link_is_a_404(tmp_path: Path) -> None:
    settings = settings_from_mapping({"database": {"url": f"sqlite:///{tmp_path / 'x.db'}"}},
                                     env={})  # fmt: skip
    async with await build_runtime(settings) as runtime:
        app = make_app(runtime, [page_routes.install])
        async with TestClient(TestServer(app)) as client:
            response = await client.get(f"/p/{sign(SECRET, 'C' * 22)}")
            assert response.status == 404
            assert "Page not found" in await response.text()


async def test_a_database_that_does_not_answer_gets_a_try_again_page() -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://signoff@127.0.0.1:{port}/signoff"
    settings, engine = settings_from_mapping({"database": {"url": url}}, env={}), make_engine(url)
    policy = Policy(pages=PageSite(public_url=PUBLIC_URL, secret=SECRET))
    services = Services(uow=sql_uow_factory(engine), clock=SystemClock(), policy=policy)
    async with Runtime(settings=settings, engine=engine, services=services) as runtime:
        app = make_app(runtime, [page_routes.install])
        async with TestClient(TestServer(app)) as client:
            response = await client.get(f"/p/{sign(SECRET, 'D' * 22)}")
            assert response.status == 503
            assert "try again" in await response.text()
            assert response.headers["Cache-Control"] == "no-store"
