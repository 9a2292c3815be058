"""Slash commands and @mentions: run the text through the core grammar, then answer."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.files import shared_files
from adapters.slack.ids import COMMANDS
from adapters.slack.runner import SlackRunner, ack_body
from adapters.slack.translate import mention_text, origin_of, slash_command
from bot.commands import SubmitMilestone
from bot.grammar import parse

logger = logging.getLogger(__name__)


def register(app: AsyncApp, runner: SlackRunner) -> None:
    async def on_command(ack: Any, body: dict[str, Any], context: Any) -> None:
        command = slash_command(body.get("command", ""), body.get("text", ""), COMMANDS)
        result = await runner.run(
            command,
            origin_of(body, context),
            response_url=body.get("response_url", ""),
            answered=True,
        )
        # Committed: the ack carries the caller's answer; channel posts follow from the outbox.
        await ack(**ack_body(result))

    async def on_mention(ack: Any, body: dict[str, Any], event: dict[str, Any], context: Any):
        await ack()  # sent when the listener returns, after the commit (process_before_response)
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return  # another bot (our own posts never get here: bolt drops self events)
        command, origin = parse(mention_text(event.get("text", ""))), origin_of(body, context)
        if isinstance(command, SubmitMilestone):  # "@Signoff submit M-2 …" with files shared
            # Read later with the token of the workspace the request came from.
            command = replace(command, files=shared_files(event.get("files"), team=origin.team))
        # Slack retries a delivery it thinks was lost; the event_id makes the retry a no-op.
        await runner.run(command, origin, delivery_id=body.get("event_id", ""))

    for name in COMMANDS:
        app.command(name)(on_command)
    app.event("app_mention")(on_mention)
