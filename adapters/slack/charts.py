"""A message's chart (the close-out chart) drawn and shared in the channel with Slack's files
upload v2 flow: files.getUploadURLExternal, the bytes to its URL, files.completeUploadExternal."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.report.chart import chart_png
from adapters.slack.errors import error_code
from bot.chart import Chart

logger = logging.getLogger(__name__)
FILENAME = "signoff-closeout.png"


async def upload_chart(client: AsyncWebClient, channel: str, chart: Chart) -> str:
    """Share the chart's PNG in `channel`; returns the file's id, "" when Slack refused it.

    The message it goes with is already posted: a chart Slack refuses is logged rather than
    raised, so the reply is not posted twice for a picture."""
    try:
        done = await client.files_upload_v2(
            channel=channel,
            content=await asyncio.to_thread(chart_png, chart),
            filename=FILENAME,
            title=chart.title,
            alt_txt=chart.alt[:1000],  # Slack's limit for alt text
        )
    except SlackApiError as exc:
        logger.warning("Slack refused the chart in %s: %s", channel, error_code(exc))
        return ""
    except SlackRequestError as exc:
        logger.warning("the chart could not be uploaded to %s: %s", channel, exc)
        return ""
    file = done.get("file") or {}
    return str(file.get("id", ""))
