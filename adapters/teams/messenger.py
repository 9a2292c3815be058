"""Posts into Teams through the Bot Connector: continue_conversation with a stored reference,
transient failures retried with jittered back-off, lost conversations marked on the binding."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationReference, Mention

from adapters.teams import render
from adapters.teams.store import TeamsStore
from bot.i18n import N_, tr
from bot.labels import delivery_problem
from bot.messages import Message
from bot.model import Conversation
from bot.ports import SendFailed

logger = logging.getLogger(__name__)

TRANSIENT = frozenset({412, 429, 502, 504})
GONE = frozenset({403, 404})  # BotNotInConversationRoster, BotDisabledByAdmin, ConversationNotFound
UNREACHABLE = N_(
    "I can no longer post in the Teams conversation {where} of {key} ({problem}). Add the "
    "Signoff app there again, or bind another conversation with “project bind {key}”."
)
NO_REFERENCE = "no conversation reference: the app was never installed there"


class DeliveryFailed(SendFailed):
    """Teams would not take the message; `status` is the Connector's HTTP status (0: none).
    The bot out of the conversation (403/404) or never installed there is permanent; anything
    else has already been retried with back-off here and may be tried again later."""

    def __init__(self, status: int, problem: str, *, retry_after: float | None = None) -> None:
        permanent = status in GONE or problem == NO_REFERENCE
        super().__init__(problem, permanent=permanent, retry_after=retry_after)
        self.status, self.problem = status, problem


@dataclass(frozen=True, kw_only=True)
class Backoff:
    """Jittered exponential back-off; a Retry-After header wins (capped)."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(self.cap, retry_after)
        return random.uniform(0, min(self.cap, self.base * 2**attempt))


def _failure(exc: Exception) -> tuple[int, float | None, str]:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    given = headers.get("Retry-After")
    try:
        retry_after = float(given) if given else None
    except ValueError:
        retry_after = None
    code = getattr(getattr(getattr(exc, "error", None), "error", None), "code", None)
    return status, retry_after, f"{status} {code or type(exc).__name__}".strip()


class TeamsMessenger:
    """bot.ports.Messenger for Teams, plus reply delivery for the adapter's own turns."""

    def __init__(
        self,
        *,
        adapter: CloudAdapter,
        app_id: str,
        store: TeamsStore,
        backoff: Backoff,
        wait_out_rate_limits: bool = True,
    ) -> None:
        self._adapter, self._app_id, self._store, self._backoff = adapter, app_id, store, backoff
        # False for paced senders (the scheduler): a 429 comes straight back with Retry-After.
        self._wait_out_rate_limits = wait_out_rate_limits

    async def post(self, reference: dict[str, Any], activity: dict[str, Any]) -> str:
        """Send one activity into the referenced conversation; returns its message id."""
        sent: list[str] = []

        async def send(turn: TurnContext) -> None:
            # A post, not ReplyToActivity with the continuation's made-up id: a thread is
            # addressed by its conversation id (";messageid=…"), as Teams does.
            turn.activity.id = None
            response = await turn.send_activity(to_activity(activity))
            sent.append(getattr(response, "id", "") or "")

        await self._retrying(reference, send)
        return sent[-1] if sent else ""

    async def replace(
        self, reference: dict[str, Any], message_id: str, activity: dict[str, Any]
    ) -> None:
        async def update(turn: TurnContext) -> None:
            replacement = to_activity(activity)
            replacement.id = message_id
            await turn.update_activity(replacement)

        await self._retrying(reference, update)

    async def _retrying(
        self, reference: dict[str, Any], logic: Callable[[TurnContext], Awaitable[None]]
    ) -> None:
        ref = ConversationReference().deserialize(reference)
        failures: list[Exception] = []

        async def caught(turn: TurnContext) -> None:
            # The adapter's on_turn_error would swallow the Connector's answer; keep it.
            try:
                await logic(turn)
            except Exception as exc:
                failures.append(exc)

        for attempt in range(self._backoff.attempts):
            failures.clear()
            try:
                await self._adapter.continue_conversation(ref, caught, bot_app_id=self._app_id)
                if failures:
                    raise failures[0]
                return
            except Exception as exc:
                status, retry_after, problem = _failure(exc)
                if status == 429 and not self._wait_out_rate_limits:
                    raise DeliveryFailed(status, problem, retry_after=retry_after) from exc
                if status in TRANSIENT or (status == 0 and _is_network(exc)):
                    if attempt + 1 < self._backoff.attempts:
                        wait = self._backoff.delay(attempt, retry_after)
                        logger.info("Teams answered %s; retrying in %.1fs", problem, wait)
                        await self._backoff.sleep(wait)
                        continue
                raise DeliveryFailed(status, problem, retry_after=retry_after) from exc

    async def send(self, conversation: Conversation, message: Message) -> str:
        reference = await self._reference(conversation)
        return await self._guarded(conversation, self.post(reference, render.activity(message)))

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        reference = await self._reference(conversation)
        await self._guarded(
            conversation, self.replace(reference, message_id, render.activity(message))
        )

    async def _reference(self, conversation: Conversation) -> dict[str, Any]:
        reference = await self._store.reference(conversation)
        if reference is None:
            await self.lost(conversation, DeliveryFailed(0, NO_REFERENCE))
            raise DeliveryFailed(0, NO_REFERENCE)
        return reference

    async def _guarded(self, conversation: Conversation, call: Awaitable[Any]) -> Any:
        try:
            return await call
        except DeliveryFailed as failed:
            if failed.status in GONE:
                await self.lost(conversation, failed)
            raise

    async def lost(self, conversation: Conversation, failed: DeliveryFailed) -> None:
        """Mark the binding and tell the project through another bound Teams conversation,
        once, without retrying or reporting a failure of that report (no loops)."""
        logger.warning("cannot post in %s: %s", conversation.channel, failed.problem)
        project, healthy = await self._store.mark_unreachable(conversation, failed.problem)
        if project is None:
            return
        text = tr(
            project.locale,
            UNREACHABLE,
            where=conversation.channel,
            key=project.key,
            problem=delivery_problem(project.locale, failed.problem),
        )
        for other in healthy:
            reference = await self._store.reference(other)
            if reference is None:
                continue
            try:
                await self.post(reference, render.activity(Message(text=text)))
                return
            except DeliveryFailed as also:
                logger.warning("cannot warn in %s either: %s", other.channel, also.problem)


def _is_network(exc: Exception) -> bool:
    return type(exc).__name__ in {"ClientRequestError", "ConnectionError", "ClientConnectorError"}


def to_activity(body: dict[str, Any]) -> Activity:
    """The SDK's Activity for a rendered body. Mentions are rebuilt as `Mention` models: the
    generic `Entity` model would drop their `mentioned` and `text` fields when serialized."""
    activity = Activity().deserialize(body)
    if body.get("entities"):
        activity.entities = [
            Mention().deserialize(raw) if raw.get("type") == "mention" else model
            for raw, model in zip(body["entities"], activity.entities, strict=True)
        ]
    return activity
