"""Runs a core command for a Slack request before the answer: the effect and the replies still
to be delivered commit together, then the answer goes out, and the rest follows from the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.admission import Admission
from adapters.slack import render
from adapters.slack.courier import SlackCourier, slack_address
from adapters.slack.errors import error_code
from adapters.slack.messenger import SlackMessenger
from adapters.slack.people import profile_within
from adapters.slack.tenants import TeamRoutedClient, current_team
from adapters.slack.translate import Origin, type_instead
from bot.commands import Command
from bot.i18n import tr
from bot.invocation import Invocation
from bot.messages import Audience, Message, Reply
from bot.model import Platform
from bot.outbox import ReplyRoute
from bot.ports import SendFailed
from bot.service import BUSY, Result, Services, handle
from scheduler.replies import ReplyDeliverer

logger = logging.getLogger(__name__)

# Slack waits 3 s for the answer: the command's work must be done (or given up) well before.
ANSWER_DEADLINE = 2.0
PROFILE_DEADLINE = 0.5  # seconds users.info may take before the answer
MAX_REMEMBERED = 10_000  # channels whose language is kept in memory


def slash_carried(replies: Sequence[Reply]) -> list[Reply]:
    """What a slash command's answer takes: the first message for the caller alone (shown in
    the ack body), and forms (opened right after the answer: they record nothing)."""
    said = next((r for r in replies if _private(r) and r.message.form is None), None)
    return [r for r in replies if r is said or r.message.form is not None]


def forms_only(replies: Sequence[Reply]) -> list[Reply]:
    """What an answer that shows nothing (an event, a click) takes: forms, opened after it."""
    return [r for r in replies if r.message.form is not None]


def _private(reply: Reply) -> bool:
    return reply.audience is Audience.CALLER


def ack_body(result: Result) -> dict[str, Any]:
    """The slash command's answer: the message it carries, shown to the caller alone."""
    said = next((r.message for r in result.carried if r.message.form is None), None)
    if said is None:
        return {}
    return {**render.message_payload(said), "response_type": "ephemeral"}


class SlackRunner:
    def __init__(
        self,
        *,
        services: Services,
        client: AsyncWebClient,
        messenger: SlackMessenger,
        replies: ReplyDeliverer,
        admission: Admission | None = None,
        answer_deadline: float = ANSWER_DEADLINE,
    ):
        self.services = services
        self.answer_deadline = answer_deadline
        self.client = client
        self.messenger = messenger
        self.replies = replies
        self.admission = admission or Admission()
        self.courier = SlackCourier(
            messenger=messenger, clock=services.clock, locale_of=self._locale_by_channel
        )
        # The language of each channel's project as last resolved, so an answer given without
        # the database (busy) still speaks it. A hint only: bounded, refreshed by every resolve.
        self.channel_locales: dict[tuple[str, str], str] = {}
        # Work after the answer that is no record (a form to open, a refusal to show): kept so
        # a shutdown lets it finish.
        self.after: set[asyncio.Task[Any]] = set()

    def _locale_by_channel(self, team: str, channel: str) -> str:
        return self.channel_locales.get((team, channel)) or self.services.policy.default_locale

    def locale_of(self, origin: Origin) -> str:
        """The channel's project language as last seen, else the configured default."""
        return self._locale_by_channel(origin.team, origin.channel)

    async def run(
        self,
        command: Command,
        origin: Origin,
        *,
        response_url: str = "",
        delivery_id: str = "",
        answered: bool = False,
    ) -> Result:
        """Run `command` for the person in `origin`; never raises. On return what it changed is
        committed with its replies: the outbox delivers those, and `answered` (a slash command)
        means the caller's answer rides in the ack body (`ack_body`)."""
        current_team.set(origin.team)  # OAuth mode: the workspace's token for every call
        address = slack_address(team=origin.team, user_team=origin.user_team, user=origin.user,
                                channel=origin.channel, response_url=response_url)  # fmt: skip
        carried = slash_carried if answered else forms_only
        if not self.admission.enter():
            busy = Reply(message=Message(text=tr(self.locale_of(origin), BUSY)))
            result = Result(replies=[busy], carried=carried([busy]), ok=False)
        else:
            try:
                route = ReplyRoute(
                    platform=Platform.SLACK,
                    lane=origin.channel or origin.user,
                    address=address,
                    holder=self.replies.instance,
                    lease=self.replies.settings.lease,
                    within=self.answer_deadline,
                    carried=carried,
                )
                result = await self._handle(command, origin, delivery_id, route)
            finally:
                self.admission.leave()
            if result.failed and (hint := type_instead(command)):
                late = Reply(message=Message(text=tr(self.locale_of(origin), hint)))
                result = Result(replies=[late], carried=carried([late]), ok=False, failed=True)
        if result.duplicate:
            return result
        self.replies.hand(result.queued)
        shown = [r for r in result.carried if r.message.form is None] if answered else []
        # Done, the outbox holds all but what the answer carries; refused, nothing was kept.
        kept_back = result.carried if result.ok else result.replies
        rest = [r for r in kept_back if not any(r is s for s in shown)]
        if rest:
            self.later(self._after_answer(rest, origin, address))
        return result

    def later(self, job: Coroutine[Any, Any, None]) -> None:
        """Run `job` after the answer (work that records nothing), tracked for shutdown."""
        task = asyncio.create_task(job)
        self.after.add(task)
        task.add_done_callback(self.after.discard)

    def tell(self, text: str, origin: Origin, response_url: str) -> None:
        """Say `text` (a message id) to the caller alone, after the answer: nothing was run."""
        address = slack_address(team=origin.team, user_team=origin.user_team, user=origin.user,
                                channel=origin.channel, response_url=response_url)  # fmt: skip
        reply = Reply(message=Message(text=tr(self.locale_of(origin), text)))
        self.later(self._after_answer([reply], origin, address))

    @property
    def pending(self) -> int:
        """Work after answers still running (forms being opened, refusals being shown)."""
        return len(self.after)

    async def drain(self, grace: float) -> None:
        """Let the work after answers finish (up to `grace` seconds)."""
        if self.after:
            await asyncio.wait(set(self.after), timeout=grace)

    async def _after_answer(
        self, replies: list[Reply], origin: Origin, address: dict[str, str]
    ) -> None:
        now = self.services.clock.now()
        for reply in replies:
            try:
                if reply.message.form is not None and origin.trigger_id:
                    if await self.open_form(reply.message, origin, address["response_url"]):
                        continue
                await self.courier.send(reply, address, since=now)
            except SendFailed as failed:  # Slack out of reach: nothing was kept to retry
                logger.warning("a reply could not be delivered to Slack: %s", failed.reason)
            except Exception:
                # One failed reply must not swallow the others.
                logger.exception("could not deliver a reply to Slack")

    async def _handle(
        self, command: Command, origin: Origin, delivery_id: str, route: ReplyRoute
    ) -> Result:
        """One unit of work: who and where (the core finds bindings and people stored without a
        workspace id too), the command, its replies. users.info is asked, from inside it, only
        for someone stored without a name or a zone."""

        async def ask_slack() -> tuple[str, str]:
            found = await profile_within(self.client, origin, PROFILE_DEADLINE)
            return found.display_name, found.timezone

        invocation = Invocation(
            identity=origin.identity,
            conversation=origin.conversation,
            delivery_id=delivery_id,
            route=route,
            profile=ask_slack,
        )
        await self._token_at_hand(origin.team)
        result = await handle(command, invocation, self.services)
        if origin.channel and result.locale:
            self._remember(origin, result.locale)
        return result

    async def _token_at_hand(self, team: str) -> None:
        """OAuth mode: the workspace's bot token read before the unit of work, for the calls
        made from inside it (users.info). Read from inside it, the installation store's own
        session would wait, on SQLite, for the write lock that very unit holds, and the command
        be answered "not saved" (bolt has the token in memory only under the team it was
        authorized for: an org-wide install's events name no workspace)."""
        client = self.client
        if not isinstance(client, TeamRoutedClient) or client.tokens is None or not team:
            return
        try:
            await client.tokens.bot_token(team, ask=client)
        except Exception:
            # Looked for again, as before, by the first call that needs it.
            logger.warning("the Slack token of team %s could not be read", team, exc_info=True)

    def _remember(self, origin: Origin, locale: str) -> None:
        if len(self.channel_locales) >= MAX_REMEMBERED:
            self.channel_locales.clear()
        self.channel_locales[(origin.team, origin.channel)] = locale

    async def open_form(self, message: Message, origin: Origin, response_url: str) -> bool:
        assert message.form is not None
        metadata = {
            "channel": origin.channel,
            "team": origin.team,
            "locale": self.locale_of(origin),
        }
        metadata["response_url"] = response_url
        view = render.form_view(message.form, metadata=metadata)
        try:
            await self.client.views_open(trigger_id=origin.trigger_id, view=view)
            return True
        except SlackApiError as exc:
            # Mostly an expired trigger: the text says how to type the same thing.
            logger.warning("views.open failed: %s", error_code(exc))
            return False
