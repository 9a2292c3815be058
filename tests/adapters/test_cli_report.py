"""`signoff report KEY --format html|pdf|md --output FILE`: the studio's close-out report
written to a file, the on-time rate in each format (the PDF's text read back with pypdf)."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.console import TENANT
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform
from bot.service import handle_text
from tests.adapters.conftest import Signoff
from tests.fakes import FakeClock

PAULA = Invocation(
    identity=Identity(platform=Platform.CONSOLE, tenant=TENANT, user_id="paula"),
    display_name="paula",
    conversation=Conversation(platform=Platform.CONSOLE, tenant=TENANT, channel="acme"),
    project_key="acme",
)


def lived(signoff: Signoff) -> None:
    """Twenty days ago M-1 was planned and approved on time; M-2, due ten days ago, still waits:
    one of the two on time."""
    signoff.ok("project", "create", "acme", "--name", "Rebrand", "--client", "Acme Co.")
    signoff.ok("member", "add", "acme", "--console-user", "paula", "--role", "pm")
    start = datetime.now(UTC) - timedelta(days=20)
    lines = [
        f'milestone add "Concepts <b>bold</b>" due {(start + timedelta(days=5)).date()}',
        f'milestone add "Layouts" due {(start + timedelta(days=10)).date()}',
        "submit M-1",
        "approve M-1",
        'risk add "Fonts licence"',
        "lesson ask for the fonts on day one",
    ]

    async def run() -> None:
        config = settings_from_mapping({"database": {"url": signoff.database_url}})
        async with await build_runtime(config, clock=FakeClock(current=start)) as runtime:
            for line in lines:
                result = await handle_text(line, PAULA, runtime.services)
                assert result.ok, (line, result.replies)

    asyncio.run(run())


def test_the_report_is_written_as_markdown_html_and_pdf(signoff: Signoff, tmp_path: Path) -> None:
    lived(signoff)
    md = tmp_path / "acme.md"
    assert signoff.ok("report", "acme", "--format", "md", "--output", str(md)) == f"{md}\n"
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Rebrand\n")
    assert "**On time: 50%**" in text
    assert "Concepts \\<b\\>bold\\</b\\>" in text  # written as typed, never as markup
    # The studio's copy: its own risks and lessons too.
    assert "Fonts licence" in text and "ask for the fonts on day one" in text

    html = tmp_path / "acme.html"
    signoff.ok("report", "acme", "--format", "html", "--output", str(html))
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'id="on-time-rate">50%<' in page
    assert "Concepts &lt;b&gt;bold&lt;/b&gt;" in page and "ask for the fonts" in page

    pdf = tmp_path / "acme.pdf"
    signoff.ok("report", "acme", "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    words = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "50%" in words and "Rebrand" in words


def test_an_unknown_project_or_an_unwritable_file_is_one_line(
    signoff: Signoff, tmp_path: Path
) -> None:
    missing = signoff("report", "nope", "--output", str(tmp_path / "x.html"))
    assert (missing.status, missing.err) == (1, "signoff: There is no project “nope”.\n")
    assert not (tmp_path / "x.html").exists()
    signoff.ok("project", "create", "acme", "--name", "Rebrand", "--client", "Acme Co.")
    nowhere = signoff("report", "acme", "--output", str(tmp_path / "no" / "such" / "x.html"))
    assert nowhere.status == 1 and nowhere.err.startswith("signoff: cannot write ")
    bad = signoff("report", "acme", "--format", "docx", "--output", str(tmp_path / "x"))
    assert bad.status == 2


def test_without_pango_a_pdf_is_refused_in_one_line(
    signoff: Signoff, tmp_path: Path, monkeypatch
) -> None:
    lived(signoff)
    # As on a machine without the Pango library: WeasyPrint fails to load.
    monkeypatch.setitem(sys.modules, "adapters.report.pdf", None)
    pdf = tmp_path / "acme.pdf"
    run = signoff("report", "acme", "--format", "pdf", "--output", str(pdf))
    assert run.status == 1 and not pdf.exists()
    assert run.err == (
        "signoff: a PDF is laid out by WeasyPrint, which needs the Pango library (Debian: "
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0); --format html and md need nothing "
        "more\n"
    )
