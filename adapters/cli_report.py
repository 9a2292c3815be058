"""`signoff report KEY --format html|pdf|md --output FILE`: the project's close-out report (as
it stands, for a project still open) written to a file, for the studio.

The studio's copy: every risk, shared with the client or not, and the lessons learned (the
client's page shows only the shared risks and no lessons)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.cli_admin import project_key
from adapters.composition import build_runtime
from adapters.config import Settings
from bot.usecases.closeout import read_record

if TYPE_CHECKING:
    from adapters.report.view import PageView

FORMATS = ("html", "pdf", "md")


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser):
    report = commands.add_parser(
        "report", parents=[common], help="write a project's close-out report to a file"
    )
    report.add_argument("key", metavar="KEY", type=project_key)
    report.add_argument(
        "--format",
        dest="report_format",
        choices=FORMATS,
        default="html",
        help="html (one self-contained page), pdf or md (default: html)",
    )
    report.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    report.set_defaults(run=report_command)


NO_PANGO = (
    "a PDF is laid out by WeasyPrint, which needs the Pango library (Debian: apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0); --format html and md need nothing more"
)


def _pdf_available() -> bool:
    """Whether WeasyPrint loads: it is a Python package, but draws with a system library."""
    try:
        import adapters.report.pdf  # noqa: F401
    except (ImportError, OSError):  # OSError: "cannot load library 'libpango-1.0-0'"
        return False
    return True


def rendered(view: PageView, report_format: str) -> bytes:
    """The report in one of FORMATS, as the bytes of its file."""
    # Imported here: matplotlib, Jinja2 and WeasyPrint take a while to load, and every other
    # `signoff` command would pay for them.
    from adapters.report.html import render_html
    from adapters.report.markdown import render_markdown
    from adapters.report.pdf import html_to_pdf

    if report_format == "md":
        return render_markdown(view).encode("utf-8")
    html = render_html(view)
    return html_to_pdf(html) if report_format == "pdf" else html.encode("utf-8")


async def report_command(args: argparse.Namespace, settings: Settings) -> int:
    async with await build_runtime(settings) as runtime:
        services = runtime.services
        async with services.uow() as uow:
            project = await uow.projects.get_by_key(args.key)
        if project is None:
            sys.stderr.write(f"signoff: There is no project “{args.key}”.\n")
            return 1
        record = await read_record(services.uow, project.id, now=services.clock.now())
    if record is None:  # removed between the two reads
        sys.stderr.write(f"signoff: There is no project “{args.key}”.\n")
        return 1
    from adapters.report.view import page_view

    if args.report_format == "pdf" and not _pdf_available():
        sys.stderr.write(f"signoff: {NO_PANGO}\n")
        return 1
    data = await asyncio.to_thread(rendered, page_view(record, studio=True), args.report_format)
    try:
        await asyncio.to_thread(Path(args.output).write_bytes, data)
    except OSError as exc:
        sys.stderr.write(f"signoff: cannot write {args.output}: {exc.strerror or exc}\n")
        return 1
    sys.stdout.write(f"{args.output}\n")
    return 0
