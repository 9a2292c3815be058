"""The page's one Jinja2 template rendered to HTML, escaping everything it is given."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from adapters.report.view import PageView


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("adapters.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name fails the tests, never renders as ""
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(view: PageView) -> str:
    """The page (or, for a closed project, its report) as one self-contained HTML document."""
    return _environment().get_template("report.html.j2").render(view.context())
