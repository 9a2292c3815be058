"""A message's chart (the close-out chart) as a Teams inline image attachment: the PNG as a
data: URL, which Teams shows in the conversation without a file store."""

from __future__ import annotations

import base64
from typing import Any

from adapters.report.chart import chart_png
from bot.chart import Chart

IMAGE_TYPE = "image/png"
FILENAME = "signoff-closeout.png"


def chart_attachment(chart: Chart) -> dict[str, Any]:
    png = base64.b64encode(chart_png(chart)).decode("ascii")
    return {
        "contentType": IMAGE_TYPE,
        "contentUrl": f"data:{IMAGE_TYPE};base64,{png}",
        "name": FILENAME,
    }
