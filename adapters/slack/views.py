"""Modal submissions: check the fields inside the ack (errors shown in the modal), then run."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.ids import CHANGES_VIEW, FORM_VIEW
from adapters.slack.render import submitted
from adapters.slack.runner import SlackRunner
from adapters.slack.translate import Origin, origin_of
from bot import brief_form, fields, survey_form
from bot.actions import STALE_BUTTON, decode
from bot.commands import Command
from bot.errors import InvalidField
from bot.i18n import normalize_locale, tr
from bot.policy import Policy
from bot.usecases import issue_form

logger = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return metadata if isinstance(metadata, dict) else {}


def modal_origin(body: dict[str, Any], context: Any, metadata: dict[str, Any]) -> Origin:
    origin = origin_of(body, context)
    return replace(
        origin, channel=metadata.get("channel", ""), team=metadata.get("team") or origin.team
    )


def form_errors(kind: str, answers: dict[str, str], policy: Policy, locale: str) -> dict[str, str]:
    """The core's own words for each refused field, by block: what the chat would have said."""
    return {wrong.field: wrong.said(locale) for wrong in fields.form_errors(kind, answers, policy)}


# A form's kind (bot.messages.Form.kind, the modal's callback_id after FORM_VIEW) → what its
# answers run. A reader raises InvalidField for an answer it cannot read (a brief's deliverable
# line), shown beside that input like a rule of bot.fields. A new form is one entry.
READERS: dict[str, Callable[[Mapping[str, str]], Command]] = {
    "issue": issue_form.answered,
    brief_form.KIND: brief_form.answered,
    survey_form.KIND: survey_form.answered,
}


def read_form(
    kind: str, answers: dict[str, str], policy: Policy, locale: str
) -> Command | dict[str, str]:
    """The command a submitted form runs, or the words to show beside each input it refuses."""
    if kind in fields.FORMS and (errors := form_errors(kind, answers, policy, locale)):
        return errors
    try:
        return READERS[kind](answers)
    except InvalidField as unread:
        return {unread.field: tr(locale, unread.message, **unread.params)}


def register(app: AsyncApp, runner: SlackRunner) -> None:
    policy = runner.services.policy

    async def on_form(ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any):
        metadata, answers = metadata_of(view), submitted(view)
        locale = normalize_locale(metadata.get("locale"), policy.default_locale)
        kind = str(view.get("callback_id") or "").removeprefix(f"{FORM_VIEW}:")
        command = read_form(kind, answers, policy, locale)
        if not isinstance(command, Command):  # nothing runs: the modal stays open, with why
            await ack(response_action="errors", errors=command)
            return
        # Closes the modal; what the command says (an issue in the channel, the saved brief to
        # the caller) follows once it is saved, its refusals too.
        await ack()
        origin = modal_origin(body, context, metadata)
        await runner.run(command, origin, response_url=metadata.get("response_url", ""))

    async def on_changes(ack: Any, body: dict[str, Any], view: dict[str, Any], context: Any):
        metadata, note = metadata_of(view), submitted(view).get("note", "").strip()
        # The modal's question is in the project's language; its errors follow it.
        question = json.dumps(view.get("blocks") or [], ensure_ascii=False)
        locale = "zh-CN" if _CJK.search(question) else policy.default_locale
        if errors := form_errors("changes", {"note": note}, policy, locale):
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        # The button's command, with the note exactly as typed.
        command = decode(metadata.get("command", ""), note=note)
        origin, response_url = (
            modal_origin(body, context, metadata),
            metadata.get("response_url", ""),
        )
        if command is None:
            runner.tell(STALE_BUTTON, origin, response_url)
            return
        await runner.run(command, origin, response_url=response_url)

    for kind in READERS:
        app.view(f"{FORM_VIEW}:{kind}")(on_form)
    app.view(CHANGES_VIEW)(on_changes)
