"""The project page and the close-out report as HTML, and the chart they show: a real PNG, a
page in the project's language whose every value is escaped, the report once it is closed."""

from __future__ import annotations

import base64
import io
import re
from datetime import date

from PIL import Image

from adapters.report.chart import chart_png
from adapters.report.page import page_html
from bot.chart import Chart, ChartRow
from tests.core.conftest import Studio, make_studio

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


def chart(rows: int = 3) -> Chart:
    return Chart(
        title="Planned vs actual",
        alt="a chart",
        today=date(2026, 12, 6),
        rows=tuple(
            ChartRow(
                label=f"M-{n} Step {n}",
                planned=date(2026, 12, n),
                actual=date(2026, 12, n + 1) if n % 2 else None,
                client_days=n,
                studio_days=1.5,
            )
            for n in range(1, rows + 1)
        ),
        planned_label="due",
        actual_label="approved",
        open_label="open",
        waiting_title="Waiting on",
        client_label="client",
        studio_label="studio",
        days_label="days",
    )


def test_the_chart_is_a_real_png_of_a_sensible_size() -> None:
    data = chart_png(chart())
    assert data.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    width, height = image.size
    assert 600 <= width <= 2000 and 150 <= height <= 1500
    # A milestone more makes the picture taller, not a squeezed one.
    assert Image.open(io.BytesIO(chart_png(chart(rows=12)))).size[1] > height
    # However many, never beyond what Teams shows inline (1024 × 1024).
    assert max(Image.open(io.BytesIO(chart_png(chart(rows=28)))).size) <= 1024


def test_a_chart_of_a_project_without_milestones_still_draws() -> None:
    assert chart_png(chart(rows=0)).startswith(PNG_MAGIC)


async def page_of(studio: Studio) -> str:
    project_id = next(iter(studio.tables.projects))
    return await page_html(studio.database, project_id, now=studio.clock.now())


async def story(locale: str = "en") -> Studio:
    studio = await make_studio(locale=locale)
    for line in [
        f'milestone add "{HOSTILE}" due 2026-12-01',
        'milestone add "Layouts" due 2026-11-30',
    ]:
        assert (await studio.say("paula", line)).ok, line
    assert (await studio.say("dan", "submit M-1 https://www.figma.com/file/abc/Concepts")).ok
    assert (await studio.say("paula", "approve M-1")).ok
    assert (await studio.say("ava", "approve M-1 lovely")).ok
    assert (await studio.say("cleo", f"feedback M-1 {HOSTILE}")).ok
    assert (await studio.say("cleo", "issue Fonts missing high")).ok
    assert (await studio.say("paula", 'risk add "The client goes quiet"')).ok
    assert (await studio.say("paula", 'risk add "Print budget" impact high')).ok
    assert (await studio.say("paula", "risk share RK-2")).ok
    assert (await studio.say("dan", "lesson ask for the fonts on day one")).ok
    studio.clock.advance(days=5)  # M-2 is overdue now: one of two on time
    return studio


async def test_the_page_shows_the_project_and_escapes_what_people_typed() -> None:
    page = await page_of(await story())
    assert '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert re.search(r"<h1>Acme rebrand</h1>", page)
    for section in ("milestones", "brief", "feedback", "issues", "timeline"):
        assert f'<section id="{section}">' in page
    assert 'id="report"' not in page  # still open: the page, not the report
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x" in page
    assert 'href="https://www.figma.com/file/abc/Concepts"' in page
    assert "Fonts missing" in page
    assert "FB-1 (M-1): &lt;script&gt;" in page
    [img] = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page)
    assert base64.b64decode(img[0]).startswith(PNG_MAGIC) and img[1].startswith("Chart:")
    # Self-contained: nothing is fetched from anywhere.
    assert not re.search(r'(src|href)="(?!data:|https://www\.figma\.com)', page)
    assert "<link" not in page


async def test_once_closed_the_page_is_the_report_without_the_studios_own() -> None:
    studio = await story()
    assert (await studio.say("paula", "project close")).ok
    page = await page_of(studio)
    assert '<section id="report">' in page
    assert re.search(r'<p class="headline" id="on-time-rate">50%</p>', page)
    # The client's page: the shared risk, not the studio's own, and no lessons.
    assert "Print budget" in page and "The client goes quiet" not in page
    assert "fonts on day one" not in page


async def test_the_page_speaks_the_projects_language() -> None:
    studio = await story("zh-CN")
    assert (await studio.say("paula", "项目 关闭")).ok
    page = await page_of(studio)
    assert '<html lang="zh-CN">' in page
    assert "结项报告" in page and "里程碑" in page
    assert re.search(r'id="on-time-rate">50%<', page)
    assert "FB-1（M-1）：&lt;script&gt;" in page  # the full-width colon, no space after it
