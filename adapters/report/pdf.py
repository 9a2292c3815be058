"""The report as PDF: the same HTML, laid out by WeasyPrint (with pango; Chinese text needs a
CJK font installed, e.g. Debian's fonts-noto-cjk)."""

from __future__ import annotations

from weasyprint import HTML  # type: ignore[import-untyped]


def html_to_pdf(html: str) -> bytes:
    """The page as PDF bytes; the chart is inline, so nothing is fetched."""
    pdf = HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return bytes(pdf)
