"""Card buttons and the message shortcuts: decide, ask, log feedback or submit files, then
answer."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack import render
from adapters.slack.errors import error_code
from adapters.slack.files import shared_files
from adapters.slack.ids import (
    APPROVE_ACTION,
    CHANGES_ACTION,
    LOG_FEEDBACK,
    RUN_ACTION,
    SUBMIT_FILES,
)
from adapters.slack.markup import unescape
from adapters.slack.people import profile_within
from adapters.slack.runner import PROFILE_DEADLINE, SlackRunner
from adapters.slack.translate import Origin, origin_of
from bot.actions import STALE_BUTTON, decode
from bot.commands import LogFeedback, SubmitMilestone
from bot.deliverables import NAME_THE_MILESTONE
from bot.grammar_scan import Bad, looks_like_milestone
from bot.grammar_scan import ref as scan_ref
from bot.model import Identity, Platform

logger = logging.getLogger(__name__)


def button_value(body: dict[str, Any]) -> dict[str, str]:
    raw = (body.get("actions") or [{}])[0].get("value") or "{}"
    try:
        value = json.loads(raw)
    except ValueError:
        return {"command": raw, "ask": ""}
    return value if isinstance(value, dict) else {"command": str(value), "ask": ""}


def click_origin(body: dict[str, Any], context: Any) -> Origin:
    origin = origin_of(body, context)
    channel = origin.channel or (body.get("container") or {}).get("channel_id") or ""
    return replace(origin, channel=channel)


def shortcut_origin(body: dict[str, Any], context: Any) -> Origin:
    """Who used a message shortcut, in the channel of the message it was used on."""
    origin = origin_of(body, context)
    return replace(origin, channel=origin.channel or (body.get("channel") or {}).get("id", ""))


def register(app: AsyncApp, runner: SlackRunner) -> None:
    async def on_click(ack: Any, body: dict[str, Any], context: Any) -> None:
        await ack()
        origin, response_url = click_origin(body, context), body.get("response_url", "")
        command = decode(button_value(body).get("command", ""))
        if command is None:
            runner.tell(STALE_BUTTON, origin, response_url)
            return
        await runner.run(command, origin, response_url=response_url)

    async def on_changes(ack: Any, body: dict[str, Any], context: Any, client: Any) -> None:
        await ack()
        value, origin = button_value(body), click_origin(body, context)
        response_url = body.get("response_url", "")
        label = (body.get("actions") or [{}])[0].get("text", {}).get("text", "")
        metadata = {
            "command": value.get("command", ""),
            "channel": origin.channel,
            "team": origin.team,
            "response_url": response_url,
        }
        view = render.changes_view(
            title=label, question=value.get("ask") or label, metadata=metadata
        )
        try:
            # First thing: the trigger_id expires 3 s after the click.
            await client.views_open(trigger_id=body.get("trigger_id", ""), view=view)
        except SlackApiError as exc:
            logger.warning("views.open failed: %s", error_code(exc))
            # Without the modal, the core says a note is needed and how to type the same thing.
            command = decode(value.get("command", ""))
            if command is None:
                runner.tell(STALE_BUTTON, origin, response_url)
                return
            await runner.run(command, origin, response_url=response_url)

    async def on_log_feedback(ack: Any, body: dict[str, Any], context: Any, client: Any):
        await ack()
        origin, message = shortcut_origin(body, context), body.get("message") or {}
        author, author_name = None, ""
        if message.get("user"):
            tenant = message.get("user_team") or origin.team
            author = Identity(platform=Platform.SLACK, tenant=tenant, user_id=message["user"])
            author_of_message = Origin(team=origin.team, user_team=tenant, user=message["user"])
            found = await profile_within(client, author_of_message, PROFILE_DEADLINE)
            author_name = found.display_name
        command = LogFeedback(
            text=unescape(message.get("text", "")),  # escaped by Slack, as every message is
            source_link=await permalink_within(client, origin.channel, message.get("ts", "")),
            author=author,
            author_name=author_name,
        )
        await runner.run(command, origin, response_url=body.get("response_url", ""))

    async def on_submit_files(ack: Any, body: dict[str, Any], context: Any) -> None:
        """ "Submit for sign-off" on a message: its files (and links) become the deliverables of
        a new version of the milestone the message names ("M-2 final print files")."""
        await ack()
        origin, message = shortcut_origin(body, context), body.get("message") or {}
        response_url = body.get("response_url", "")
        text = unescape(message.get("text", ""))
        named = next((w for w in text.split() if looks_like_milestone(w)), "")
        try:
            number, _ = scan_ref(named, "M")
        except Bad:
            runner.tell(NAME_THE_MILESTONE, origin, response_url)
            return
        note = text.replace(named, "", 1).strip()
        files = shared_files(message.get("files"), team=origin.team)  # its token reads them
        command = SubmitMilestone(number=number, note=note, files=files)
        await runner.run(command, origin, response_url=response_url)

    app.action(APPROVE_ACTION)(on_click)
    app.action(re.compile(f"^{RUN_ACTION}"))(on_click)
    app.action(CHANGES_ACTION)(on_changes)
    app.message_shortcut(LOG_FEEDBACK)(on_log_feedback)
    app.message_shortcut(SUBMIT_FILES)(on_submit_files)


async def permalink_within(client: Any, channel: str, ts: str) -> str:
    """`permalink`, or "" when Slack takes longer than the answer can wait."""
    try:
        return await asyncio.wait_for(permalink(client, channel, ts), PROFILE_DEADLINE)
    except TimeoutError:
        return ""


async def permalink(client: Any, channel: str, ts: str) -> str:
    """A link to the original message, kept with the feedback ("" if Slack will not give one)."""
    if not channel or not ts:
        return ""
    try:
        answer = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as exc:
        logger.info("chat.getPermalink failed: %s", error_code(exc))
        return ""
    return str(answer.get("permalink") or "")
