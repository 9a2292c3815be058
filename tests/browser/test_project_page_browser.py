"""The project page in a real browser (Debian's Chromium driven by Playwright), on a phone-sized
screen: a client opening the PM's link sees the project, its milestones, feedback and issues in
the project's language, without sideways scrolling and without any request leaving the server;
a revoked link shows the plain 404 page. With SIGNOFF_SCREENSHOTS=1 the pages are saved to
docs/screenshots/ (for README)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from adapters import page_routes
from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.server import make_app
from tests.fakes import FakeClock
from tests.page_story import PUBLIC_URL, SECRET, lived_project, page_token, say

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
EN = {"milestones": ("Logo concepts", "Brand book"), "feedback": "The blue feels too cold",
      "issue": "Fonts licence missing"}  # fmt: skip
ZH = {"milestones": ("标志概念稿", "品牌手册"), "feedback": "蓝色再暖一点，字号大一些",
      "issue": "字体授权缺失", "criteria": "三个方向; 深浅底色各一版",
      "note": "第一轮方案"}  # fmt: skip


@dataclass
class Site:
    runtime: Runtime
    base: str  # where the browser reaches the server (the public URL's stand-in)


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    settings = settings_from_mapping(
        {"database": {"url": f"sqlite:///{tmp_path / 'pages.db'}"},
         "pages": {"public_url": PUBLIC_URL, "secret": SECRET}},
        env={},
    )  # fmt: skip
    async with await build_runtime(settings, clock=FakeClock()) as runtime:
        runner = web.AppRunner(make_app(runtime, [page_routes.install]))
        await runner.setup()
        server = web.TCPSite(runner, "127.0.0.1", 0)
        await server.start()
        host, port = runner.addresses[0][:2]
        try:
            yield Site(runtime=runtime, base=f"http://{host}:{port}")
        finally:
            await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    await until(CHROMIUM.exists, "Chromium is not installed at /usr/bin/chromium", seconds=300)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield launched
        finally:
            await launched.close()


async def until(check, failure: str, *, seconds: float) -> None:
    """Poll `check` until it holds (apt may still be installing Chromium), or fail."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        assert asyncio.get_running_loop().time() < deadline, failure
        await asyncio.sleep(1)


async def open_on_phone(browser: Browser, url: str, elsewhere: list[str], base: str) -> Page:
    page = await browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page.on("request", lambda request: None if request.url.startswith((base, "data:"))
            else elsewhere.append(request.url))  # fmt: skip
    await page.goto(url)
    return page


async def fits_the_screen(page: Page) -> bool:
    return await page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


async def save(page: Page, name: str) -> None:
    if os.environ.get("SIGNOFF_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


async def test_the_client_reads_the_project_on_a_phone_in_english(
    site: Site, browser: Browser
) -> None:
    services = site.runtime.services
    await lived_project(services, key="acme", name="Acme rebrand", client="Acme Co.", texts=EN)
    await lived_project(services, key="beta", name="Beta launch", client="Beta Inc.",
                        texts={"milestones": ("Beta hidden", "Beta two"),
                               "feedback": "beta words", "issue": "Beta outage"})  # fmt: skip
    token = await page_token(services, "acme")
    elsewhere: list[str] = []
    page = await open_on_phone(browser, f"{site.base}/p/{token}", elsewhere, site.base)

    assert await page.get_attribute("html", "lang") == "en"
    assert await page.locator("h1").inner_text() == "Acme rebrand"
    milestones = await page.locator("#milestones").inner_text()
    assert "Logo concepts" in milestones and "Brand book" in milestones
    assert "The blue feels too cold" in await page.locator("#feedback").inner_text()
    assert "Fonts licence missing" in await page.locator("#issues").inner_text()
    assert await page.locator("#timeline img").count() == 1
    assert "Beta" not in await page.locator("body").inner_text()
    assert await fits_the_screen(page)
    assert elsewhere == []  # nothing asked of another host: no font, script or tracker
    await save(page, "project-page-en.png")

    await say(services, "acme", "paula", "project page revoke")
    response = await page.goto(f"{site.base}/p/{token}")
    assert response is not None and response.status == 404
    assert "Page not found" in await page.locator("body").inner_text()
    assert "Acme" not in await page.content()
    assert await fits_the_screen(page)


async def test_a_chinese_project_reads_in_chinese(site: Site, browser: Browser) -> None:
    services = site.runtime.services
    await lived_project(services, key="chen", name="陈氏品牌升级", client="陈氏集团",
                        locale="zh-CN", texts=ZH)  # fmt: skip
    token = await page_token(services, "chen", "项目 页面 天数 14")
    elsewhere: list[str] = []
    page = await open_on_phone(browser, f"{site.base}/p/{token}", elsewhere, site.base)

    assert await page.get_attribute("html", "lang") == "zh-CN"
    assert await page.locator("h1").inner_text() == "陈氏品牌升级"
    assert await page.locator("#milestones h2").inner_text() == "里程碑"
    assert "标志概念稿" in await page.locator("#milestones").inner_text()
    assert "蓝色再暖一点，字号大一些" in await page.locator("#feedback").inner_text()
    assert "字体授权缺失" in await page.locator("#issues").inner_text()
    assert await fits_the_screen(page)
    assert elsewhere == []
    await save(page, "project-page-zh-CN.png")
