"""Invited to a channel (member_joined_channel for the bot itself), Signoff says in one message
how to link the channel to a project, unless it is linked already."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.errors import error_code
from adapters.slack.runner import SlackRunner
from adapters.slack.tenants import current_team
from adapters.slack.translate import origin_of
from adapters.welcome import first_welcome
from bot.errors import StorageUnavailable
from bot.i18n import N_, tr
from bot.model import Conversation

logger = logging.getLogger(__name__)
# No project yet, so no project language: the studio's default (Policy.default_locale).
WELCOME = N_(
    "Hello! I keep this channel's feedback, issues and milestone sign-offs on record. A PM links "
    "it to a project with “/signoff project bind KEY” (KEY is the project's short name, e.g. "
    "acme: the PM who created it has it), or starts one with “/signoff project "
    'create KEY "NAME" client "CLIENT"”. “/signoff help” lists the commands.'
)


def register(app: AsyncApp, runner: SlackRunner) -> None:
    async def on_member_joined(ack: Any, body: dict[str, Any], event: dict[str, Any], context: Any):
        await ack()
        bot = context.bot_user_id  # bolt's, from auth.test
        if not bot or event.get("user") != bot:
            return  # someone else joined: nothing to say
        where = origin_of(body, context).conversation
        if where is None:
            return
        # Recorded before Slack hears the answer (the app answers after its listeners), so a
        # retry of this event, another instance or a restart finds it said; posted after.
        try:
            if not await first_welcome(runner.services, where):
                return
        except StorageUnavailable:
            logger.warning("no welcome in a new channel: the database is unavailable")
            return
        runner.later(welcome(runner, where))

    app.event("member_joined_channel")(on_member_joined)


async def welcome(runner: SlackRunner, where: Conversation) -> None:
    current_team.set(where.tenant)  # many workspaces: post with this workspace's token
    text = tr(runner.services.policy.default_locale, WELCOME)
    try:
        await runner.client.chat_postMessage(channel=where.channel, text=text)
    except SlackApiError as exc:
        logger.warning("the welcome was not posted: %s", error_code(exc))
