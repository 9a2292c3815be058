"""What the bot does with each kind of Teams activity, in the core's terms and without the SDK:
a message is committed with its replies before the HTTP answer and its replies delivered from
the outbox; card actions are answered within a time budget; installs after the answer. What
is sent back into Teams is adapters/teams/delivery.py's."""

from __future__ import annotations

import asyncio
import logging
import re
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

from adapters.admission import Admission
from adapters.teams import render, translate
from adapters.teams.delivery import TeamsDelivery
from adapters.teams.files import marks_files, shared_files
from adapters.teams.graph import GraphFiles
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.store import TeamsStore
from adapters.teams.work import Work
from adapters.welcome import WHERE_KEY, first_welcome
from bot.actions import STALE_BUTTON
from bot.commands import Command, SubmitMilestone
from bot.errors import InvalidField, StorageUnavailable
from bot.grammar import parse
from bot.i18n import N_, normalize_locale, tr
from bot.messages import Card, Message, Reply
from bot.model import Platform
from bot.outbox import ReplyRoute
from bot.ports import UnitOfWork
from bot.service import BUSY, Result, Services, handle
from scheduler.replies import ReplyDeliverer

T = TypeVar("T")
logger = logging.getLogger(__name__)

WELCOME_TITLE = N_("Signoff is here")
WELCOME = N_(
    "I keep this conversation's feedback, issues and milestone sign-offs on record. A PM links "
    "it to a project with “@Signoff project bind KEY”, or creates one with “@Signoff project "
    'create KEY "NAME" client "CLIENT"”. Type “@Signoff help” for the commands.'
)
STILL_SAVING = N_("Still saving that; I will post the outcome in this conversation.")
# Teams waits 15 s for the answer to a message: the command commits well before, or is refused.
ANSWER_DEADLINE = 5.0
GRAPH_DEADLINE = 4.0  # seconds to find a channel message's files in Graph, within the above


async def _no_group() -> str:
    return ""


class TeamsTurns:
    def __init__(
        self,
        *,
        services: Services,
        store: TeamsStore,
        messenger: TeamsMessenger,
        work: Work,
        replies: ReplyDeliverer,
        invoke_budget: float,
        admission: Admission | None = None,
        graph: GraphFiles | None = None,
    ) -> None:
        self._services, self._store, self._graph = services, store, graph
        self._work, self._budget, self._replies = work, invoke_budget, replies
        self.delivery = TeamsDelivery(store=store, messenger=messenger, clock=services.clock)
        self.deliver = self.delivery.deliver  # what a refused or welcoming turn posts itself
        self.admission = admission or Admission()
        # Messages of one conversation are handled in the order they arrived, as typed.
        self._queues: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _locale(self, activity: dict[str, Any]) -> str:
        return normalize_locale(activity.get("locale"), self._services.policy.default_locale)

    async def remember(self, activity: dict[str, Any], reference: dict[str, Any]) -> None:
        """On every activity: the conversation's reference and the sender's Teams id. Both are
        refreshed by the next activity, so a database failure here must not stop the command
        (which then says itself whether it could be saved)."""
        sender = (activity.get("from") or {}).get("id", "")
        try:
            await self._store.save_reference(translate.where(activity).conversation, reference)
            await self._store.remember_person(translate.identity(activity), sender)
        except StorageUnavailable:
            logger.warning("could not refresh the conversation reference; going on")

    def busy(self, activity: dict[str, Any]) -> Reply | None:
        """The answer to a message the process is too busy to take on, or None for one not
        addressed to the bot (it hears nothing back)."""
        if _typed(activity) is None:
            return None
        return Reply(message=Message(text=tr(self._locale(activity), BUSY)))

    async def admitted(self, job: Awaitable[T]) -> T:
        """Run a job `self.admission.enter()` let in, and give its place back when it ends."""
        try:
            return await job
        finally:
            self.admission.leave()

    async def on_message(
        self,
        activity: dict[str, Any],
        reference: dict[str, Any],
        team_group: Callable[[], Awaitable[str]] = _no_group,
    ) -> None:
        """Commit the command with its replies; returns before they are delivered.
        `team_group` asks Teams for the team's Microsoft 365 group id, if Graph needs it."""
        # Taken before the first await: tasks start in arrival order and the lock is FIFO.
        channel = translate.where(activity).conversation.channel
        async with self._queues.setdefault(channel, asyncio.Lock()):
            await self.remember(activity, reference)
            text = _typed(activity)
            if text is None:
                return
            invocation = replace(
                translate.invocation(activity), route=self._route(activity, reference)
            )
            command = await self._with_files(parse(text), activity, team_group)
            result = await handle(command, invocation, self._services)
        self._replies.hand(result.queued)
        if not result.ok:  # refused or not saved: nothing was kept, so it is said from here
            self._work.spawn(self.deliver(result.replies, activity, reference))

    async def _with_files(
        self, command: Command, activity: dict[str, Any], team_group: Callable[[], Awaitable[str]]
    ) -> Command:
        """A submit with the files Teams attached to its message; in a channel, where Teams
        attaches none, the files Graph lists (when it may be asked), else marked as lost."""
        if not isinstance(command, SubmitMilestone):
            return command
        files = shared_files(activity)
        withheld = not files and marks_files(activity)
        if withheld and self._graph is not None:
            try:
                async with asyncio.timeout(GRAPH_DEADLINE):
                    files = await self._graph.message_files(activity, team_group)
            except Exception as failed:  # Graph away or refusing: the submit asks for links
                logger.warning("could not list the message's files in Graph: %r", failed)
            withheld = not files
        return replace(command, files=files, files_withheld=withheld)

    def _route(self, activity: dict[str, Any], reference: dict[str, Any]) -> ReplyRoute:
        where = translate.where(activity).conversation
        return ReplyRoute(
            platform=Platform.TEAMS,
            lane=where.channel,
            address={"tenant": where.tenant, "channel": where.channel, "reference": reference},
            holder=self._replies.instance,
            lease=self._replies.settings.lease,
            within=ANSWER_DEADLINE,
        )

    async def on_install(self, activity: dict[str, Any], reference: dict[str, Any]) -> None:
        await self.remember(activity, reference)
        if not translate.bot_added(activity):
            return
        # Once per conversation and only while nothing is bound there (a re-added bot, a
        # re-sent activity or a restart says nothing again); the activity is recorded too.
        where = translate.where(activity).conversation
        if not await self._first_time(activity) or not await first_welcome(self._services, where):
            return
        locale = self._locale(activity)
        text, hint = tr(locale, WELCOME), tr(locale, WHERE_KEY)
        card = Card(title=tr(locale, WELCOME_TITLE), items=(text, hint))
        welcome = Reply(message=Message(text=f"{text}\n{hint}", card=card))
        await self.deliver([welcome], activity, reference)

    async def _first_time(self, activity: dict[str, Any]) -> bool:
        delivery = translate.invocation(activity).delivery_id
        async with self._services.uow() as uow:
            first = await uow.inbound.first_time(
                translate.identity(activity).platform, delivery, self._services.clock.now()
            )
            await uow.commit()
        return first

    async def on_action(self, activity: dict[str, Any], reference: dict[str, Any]) -> dict:
        """The answer to an adaptiveCard/action invoke, within the budget; the rest goes on."""
        value = activity.get("value") or {}
        data = (value.get("action") or {}).get("data") or {}
        if (value.get("action") or {}).get("verb") == translate.VERB_REFRESH:
            card = await self._store.card(str(data.get("card_key") or ""))
            if card is None:
                return render.invoke_message(tr(self._locale(activity), STALE_BUTTON))
            return render.invoke_card(card)
        found = translate.action_command(value)
        if found is None:
            return render.invoke_message(tr(self._locale(activity), STALE_BUTTON))
        if not self.admission.enter():
            return render.invoke_message(tr(self._locale(activity), BUSY))
        answered: list[bool] = []
        job = self._work.spawn(self.admitted(self._act(*found, activity, reference, answered)))
        done, _ = await asyncio.wait({job}, timeout=self._budget)
        answered.append(True)
        if not done:
            return render.invoke_message(tr(self._locale(activity), STILL_SAVING))
        return job.result()

    async def _act(
        self,
        verb: str,
        command: Command | InvalidField,
        activity: dict,
        reference: dict,
        answered: list[bool],
    ) -> dict:
        await self.remember(activity, reference)
        data = ((activity.get("value") or {}).get("action") or {}).get("data") or {}
        if isinstance(command, InvalidField):  # a form's answer it could not read: nothing ran
            return await self._form_again(verb, activity, data, command)
        route = replace(self._route(activity, reference), within=None)  # the budget answers
        conversation = translate.where(activity).conversation
        shown: dict[str, dict[str, Any]] = {}

        async def keep(uow: UnitOfWork, replies: list[Reply]) -> None:
            # The decided card, rendered once in the command's own unit of work and kept for
            # refreshes there: it is also the invoke's answer.
            decided = next((r for r in replies if r.replaces), None)
            if decided is not None:
                shown["card"] = await self.delivery.card_in(uow, decided, conversation)

        invocation = replace(translate.invocation(activity), route=route, keep=keep)
        result = await handle(command, invocation, self._services)
        self._replies.hand(result.queued)
        if result.ok and "card" in shown:
            answer = render.invoke_card(shown["card"])
        else:
            answer = await self._answer(verb, result, activity, data)
        # The clicker sees the answer; the channel sees the record and every copy of the card
        # is replaced (from the outbox). When Teams stopped waiting, refusals are posted too.
        if not result.ok and answered:
            self._work.spawn(self.deliver(result.replies, activity, reference))
        return answer

    async def _answer(self, verb: str, result: Result, activity: dict, data: dict) -> dict:
        conversation = translate.where(activity).conversation
        text = _texts(result)
        if result.duplicate:
            card = await self._store.card(str(data.get("card_key") or ""))
            return render.invoke_card(card) if card else render.invoke_message(text or "✔")
        if translate.form_kind(verb) is not None:
            if result.ok:  # the form gives way to what it did (an issue raised, a brief saved)
                done = Message(text=text, card=Card(title=text.splitlines()[0] if text else ""))
                return render.invoke_card(render.adaptive_card(done) or {})
            return await self._form_again(verb, activity, data, result)
        decided = next((r for r in result.replies if r.replaces), None)
        if decided is None:
            return render.invoke_message(text)
        card = await self.delivery.card(decided, conversation)
        return render.invoke_card(card or {})

    async def _form_again(
        self, verb: str, activity: dict, data: dict, refused: Result | InvalidField
    ) -> dict:
        """The form again, with what was typed and the refusal under the input it is about
        (or above the form, when it is about none)."""
        kind = translate.form_kind(verb)
        assert kind is not None  # only a form's submit is answered with the form
        # Opening it is a read, not the delivery: a retried submit is answered the same again.
        reader = replace(translate.invocation(activity), delivery_id="")
        opened = await handle(translate.FORMS[kind].reopen(), reader, self._services)
        if isinstance(refused, InvalidField):  # said in the form's language, as the core would
            error = tr(opened.locale, refused.message, **refused.params)
            wrong = {refused.field: error}
        else:
            error, wrong = _texts(refused), refused.field_errors
        form = next((r.message.form for r in opened.replies if r.message.form), None)
        if form is None:  # not theirs to fill (any more): say why
            return render.invoke_message(error if isinstance(refused, Result) else _texts(opened))
        values = {k: str(v) for k, v in data.items() if isinstance(v, str | int)}
        inputs = {i.name for i in form.inputs}
        errors = {_input_of(f): said for f, said in wrong.items() if _input_of(f) in inputs}
        card = render.form_card(form, error="" if errors else error, values=values, errors=errors)
        return render.invoke_card(card)


def _texts(result: Result) -> str:
    return "\n".join(r.message.text for r in result.replies if r.message.text)


def _input_of(field: str) -> str:
    """The form input a refused field is in: a brief's refusal may name part of a line
    ("deliverables[2].due"), shown under the input the line is in."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def _typed(activity: dict[str, Any]) -> str | None:
    """The command a message carries; None when it is not addressed to the bot."""
    if isinstance(activity.get("value"), dict):
        # A card submitted as a message (messageBack, Action.Submit): only the typed command
        # it carries counts, never the text Teams puts beside it.
        return str(activity["value"].get("command") or "") or None
    return translate.command_text(activity)
