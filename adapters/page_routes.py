"""GET /p/{token}: the project's read-only page for whoever holds a valid link, a plain 404 page
for anything else (expired, revoked, forged: the same page, nothing said of why)."""

from __future__ import annotations

import logging

from aiohttp import web

from adapters.composition import Runtime
from adapters.report.page import page_html
from bot.errors import NotFound, StorageUnavailable
from bot.pages import Refusal
from bot.usecases.pages import open_page_link

logger = logging.getLogger(__name__)

PATH = "/p/{token}"
# Nothing the page needs comes from elsewhere (inline styles, the chart as a data: image), so
# nothing else may load: no script, no font, no request leaving for another host.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
}
# In both languages at once: nobody can tell from a refused link which project it was for.
NOT_FOUND = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found · 页面不存在</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1.25rem; color: #222; }
main { max-width: 32rem; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
section + section { margin-top: 2rem; }
</style>
</head>
<body>
<main>
<section>
<h1>Page not found</h1>
<p>This link does not open a page: it may have expired or been withdrawn.
Ask the studio for a new one.</p>
</section>
<section lang="zh-CN">
<h1>页面不存在</h1>
<p>此链接无法打开页面，可能已过期或已被撤销。请向工作室索取新链接。</p>
</section>
</main>
</body>
</html>
"""
# When the page cannot be drawn now (the database is not answering, or a bug): try again.
UNAVAILABLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Try again · 请稍后重试</title></head>
<body><p>The page cannot be shown right now; please try again in a moment.</p>
<p lang="zh-CN">页面暂时无法显示，请稍后重试。</p></body></html>
"""


def install(app: web.Application, runtime: Runtime) -> None:
    """Serve the project pages on this app (a bot.pages link's path)."""

    async def page(request: web.Request) -> web.Response:
        return await answer(runtime, request.match_info["token"])

    app.router.add_get(PATH, page)
    site = runtime.services.policy.pages
    if site.enabled:
        logger.info("project pages on: links open %s", site.url("…"))
    else:
        logger.info(
            "project pages off: set SIGNOFF_PUBLIC_URL and SIGNOFF_PAGE_SECRET to hand out links"
        )


async def answer(runtime: Runtime, token: str) -> web.Response:
    services, metrics = runtime.services, runtime.metrics
    now = services.clock.now()
    try:
        opened = await open_page_link(services.uow, services.policy.pages, token, now=now)
        if isinstance(opened, Refusal):
            metrics.page_links_refused.labels(opened.value).inc()
            return _html(NOT_FOUND, status=404)
        try:
            html = await page_html(services.uow, opened, now=now)
        except NotFound:  # the project went between the two reads
            metrics.page_links_refused.labels(Refusal.UNKNOWN.value).inc()
            return _html(NOT_FOUND, status=404)
    except StorageUnavailable:
        logger.warning("a project page could not be read: the database is not answering")
        return _html(UNAVAILABLE, status=503)
    except Exception:
        # A bug drawing the page: logged, and the holder of the link told nothing of it.
        logger.exception("a project page could not be drawn")
        return _html(UNAVAILABLE, status=500)
    metrics.pages_served.inc()
    return _html(html, status=200)


def _html(body: str, *, status: int) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", headers=HEADERS)
