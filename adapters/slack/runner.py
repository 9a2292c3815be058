"""Runs a core command for a Slack request after the ack, then delivers what the core said."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.admission import Admission
from adapters.slack import render
from adapters.slack.errors import error_code
from adapters.slack.messenger import SlackMessenger
from adapters.slack.people import profile
from adapters.slack.translate import Origin, opens_form
from bot.commands import Command, Invocation
from bot.errors import StorageUnavailable
from bot.i18n import N_, tr
from bot.labels import delivery_problem
from bot.messages import Audience, Message, Reply
from bot.model import Conversation, Identity
from bot.service import BUSY, Result, Services, handle

logger = logging.getLogger(__name__)

# A trigger_id is good for 3 s from the click; a form not ready by then is offered as text.
FORM_DEADLINE = 2.0
# The core's own hint for typing an issue, for when the form could not be made in time.
FORM_LATE = N_("Describe the issue: issue TITLE [low|medium|high|critical]")
MAX_REMEMBERED = 10_000  # channels whose language is kept in memory
CANNOT_POST = N_(
    "I could not post this in the channel ({problem}); the project's PM can see it in status. "
    "Invite me to the channel with /invite."
)


@dataclass(frozen=True, kw_only=True)
class Resolved:
    """Who and where, as the database knows them (see `SlackRunner.resolve`)."""

    identity: Identity
    conversation: Conversation | None
    display_name: str  # "" when the stored name is kept
    locale: str
    timezone: str = ""  # "" when the stored zone is kept


class SlackRunner:
    def __init__(
        self,
        *,
        services: Services,
        client: AsyncWebClient,
        messenger: SlackMessenger,
        admission: Admission | None = None,
    ):
        self.services = services
        self.client = client
        self.messenger = messenger
        self.admission = admission or Admission()
        # The language of each channel's project as last resolved, so an answer given without
        # the database (busy, a form too late) still speaks it. A hint only: bounded, and
        # refreshed by every resolve.
        self.channel_locales: dict[tuple[str, str], str] = {}

    def locale_of(self, origin: Origin) -> str:
        """The channel's project language as last seen, else the configured default."""
        known = self.channel_locales.get((origin.team, origin.channel))
        return known or self.services.policy.default_locale

    async def run(
        self,
        command: Command,
        origin: Origin,
        *,
        response_url: str = "",
        delivery_id: str = "",
    ) -> Result:
        """Run `command` for the person in `origin` and deliver the replies; never raises."""
        if not self.admission.enter():
            return await self._busy(origin, response_url)
        try:
            return await self._run(command, origin, response_url, delivery_id)
        finally:
            self.admission.leave()

    async def _busy(self, origin: Origin, response_url: str) -> Result:
        """Tell the caller at once, without touching the database, that nothing was taken."""
        locale = self.locale_of(origin)
        busy = Result(replies=[Reply(message=Message(text=tr(locale, BUSY)))], ok=False)
        resolved = Resolved(identity=origin.identity, conversation=origin.conversation,
                            display_name="", locale=locale)  # fmt: skip
        await self.deliver(busy, resolved, origin, response_url=response_url)
        return busy

    async def _run(
        self, command: Command, origin: Origin, response_url: str, delivery_id: str
    ) -> Result:
        work = self._resolve_and_handle(command, origin, delivery_id)
        if opens_form(command) and origin.trigger_id:
            outcome = await within(FORM_DEADLINE, work)
            if outcome is None:  # too late for the trigger: say how to type it instead
                locale = self.locale_of(origin)
                late = Reply(message=Message(text=tr(locale, FORM_LATE)))
                resolved = Resolved(
                    identity=origin.identity,
                    conversation=origin.conversation,
                    display_name="",
                    locale=locale,
                )
                outcome = (resolved, Result(replies=[late], ok=False))
        else:
            outcome = await work
        resolved, result = outcome
        if not result.duplicate:
            await self.deliver(result, resolved, origin, response_url=response_url)
        return result

    async def _resolve_and_handle(
        self, command: Command, origin: Origin, delivery_id: str
    ) -> tuple[Resolved, Result]:
        resolved = await self.resolve(origin)
        invocation = Invocation(
            identity=resolved.identity,
            display_name=resolved.display_name,
            timezone=resolved.timezone,
            conversation=resolved.conversation,
            delivery_id=delivery_id,
        )
        return resolved, await handle(command, invocation, self.services)

    def _remember(self, origin: Origin, locale: str) -> None:
        if len(self.channel_locales) >= MAX_REMEMBERED:
            self.channel_locales.clear()
        self.channel_locales[(origin.team, origin.channel)] = locale

    async def resolve(self, origin: Origin) -> Resolved:
        """Find the binding and the person by the core's one rule (bindings and people stored
        without a workspace id, by the admin CLI, are found too; the command's own unit of work
        then gives them this workspace); ask users.info for a display name and time zone only
        for someone the database has no name or zone for. Nothing is stored here."""
        identity, conversation = origin.identity, origin.conversation
        locale, stored = self.services.policy.default_locale, None
        try:
            async with self.services.uow() as uow:
                if conversation is not None:
                    project = await uow.projects.find_bound(conversation)
                    locale = project.locale if project else locale
                    self._remember(origin, locale)
                stored = await uow.people.find(identity)
                await uow.rollback()  # a lookup: the command's own unit of work writes
        except StorageUnavailable:
            logger.warning("storage unavailable while resolving a Slack request")
            # What is stored about them is unknown: the command changes no name and no zone.
            return Resolved(identity=identity, conversation=conversation, display_name="",
                            locale=self.locale_of(origin))  # fmt: skip
        if stored is not None and stored.display_name and stored.timezone:
            return Resolved(
                identity=identity, conversation=conversation, display_name="", locale=locale
            )
        slack = await profile(self.client, origin)
        return Resolved(
            identity=identity,
            conversation=conversation,
            # A stored name stays: users.info may have failed and answered the payload's.
            display_name="" if stored is not None and stored.display_name else slack.display_name,
            locale=locale,
            timezone=slack.timezone,
        )

    async def deliver(
        self, result: Result, resolved: Resolved, origin: Origin, *, response_url: str = ""
    ) -> None:
        for reply in result.replies:
            try:
                await self._deliver_one(reply, resolved, origin, response_url)
            except Exception:
                # One failed reply must not swallow the others, nor crash the listener.
                logger.exception("could not deliver a reply to Slack")

    async def _deliver_one(
        self, reply: Reply, resolved: Resolved, origin: Origin, response_url: str
    ) -> None:
        message, where = reply.message, resolved.conversation
        if reply.audience is Audience.CHANNEL and where is not None:
            if reply.replaces and await self.messenger.update_card(reply.replaces, message):
                return
            problem = await self.messenger.post(where, message, card_key=reply.card_key)
            if problem:
                note = tr(
                    resolved.locale, CANNOT_POST, problem=delivery_problem(resolved.locale, problem)
                )
                await self.tell_caller(
                    Message(text=f"{message.text}\n\n{note}"), origin, response_url
                )
            return
        if message.form is not None and origin.trigger_id:
            if await self.open_form(message, resolved, origin, response_url):
                return
        await self.tell_caller(message, origin, response_url)

    async def open_form(
        self, message: Message, resolved: Resolved, origin: Origin, response_url: str
    ) -> bool:
        assert message.form is not None
        metadata = {"channel": origin.channel, "team": origin.team, "locale": resolved.locale}
        metadata["response_url"] = response_url
        view = render.form_view(message.form, metadata=metadata)
        try:
            await self.client.views_open(trigger_id=origin.trigger_id, view=view)
            return True
        except SlackApiError as exc:
            # Mostly an expired trigger: the text says how to type the same thing.
            logger.warning("views.open failed: %s", error_code(exc))
            return False

    async def tell_caller(self, message: Message, origin: Origin, response_url: str) -> None:
        """Only the caller sees it: through response_url when Slack gave one (it works even
        where the bot is not a member), else as an ephemeral message in the channel."""
        payload = render.message_payload(message)
        if response_url:
            await self.messenger.respond(response_url, payload)
        elif origin.channel:
            await self.messenger.ephemeral(origin.channel, origin.user, payload)
        else:
            await self.messenger.direct(origin.user, payload)


async def within(seconds: float, work: Any) -> Any:
    """Await `work`, giving up (cancelled) after `seconds`: None when it did not finish."""
    try:
        return await asyncio.wait_for(work, seconds)
    except TimeoutError:
        return None
