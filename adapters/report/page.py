"""The project's read-only page (and, once the project is closed, its close-out report) as one
self-contained HTML document, for the signed web link and `signoff report`."""

from __future__ import annotations

import asyncio
from datetime import datetime

from adapters.report.html import render_html
from adapters.report.view import page_view
from bot.errors import NotFound
from bot.ports import UnitOfWorkFactory
from bot.usecases.closeout import read_record


async def page_html(uow: UnitOfWorkFactory, project_id: int, *, now: datetime) -> str:
    """The project's read-only page as self-contained HTML in the project's language: the brief,
    milestones with their versions, deliverables and decisions, open feedback and issues, the
    timeline chart; once the project is closed, the close-out report (its final state).

    Raises bot.errors.NotFound when there is no such project."""
    record = await read_record(uow, project_id, now=now)
    if record is None:
        raise NotFound("There is no project “{key}”.", key=str(project_id))
    # Drawing the chart takes a moment of CPU: off the event loop that serves the page.
    return await asyncio.to_thread(render_html, page_view(record))
