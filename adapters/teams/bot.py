"""The botbuilder ActivityHandler: hands each activity to TeamsTurns as plain JSON."""

from __future__ import annotations

import asyncio
import functools
import logging
from http import HTTPStatus

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import AdaptiveCardInvokeResponse

from adapters.teams.turns import TeamsTurns
from adapters.teams.work import Work

logger = logging.getLogger(__name__)


def _plain(turn: TurnContext) -> tuple[dict, dict]:
    """The activity and its reference as JSON. Entities keep what msrest files away as
    additional properties (a mention's `mentioned` and `text`)."""
    activity = turn.activity.serialize()
    activity["entities"] = [
        {**(getattr(e, "additional_properties", None) or {}), **e.serialize()}
        for e in turn.activity.entities or []
    ]
    reference = TurnContext.get_conversation_reference(turn.activity).serialize()
    return activity, reference


async def _team_group(turn: TurnContext) -> str:
    """The Microsoft 365 group id of the team a channel message came from, as the Bot Connector
    tells it (its client is synchronous: off the event loop)."""
    connector = await TeamsInfo.get_teams_connector_client(turn)
    team = TeamsInfo.get_team_id(turn)
    details = await asyncio.to_thread(connector.teams.get_team_details, team)
    return str(details.aad_group_id or "")


class _InvokeAnswer(AdaptiveCardInvokeResponse):
    """AdaptiveCardInvokeResponse whose value may also be a message (a string), as the
    activity.message answer type needs; botbuilder's model only takes a card."""

    _attribute_map = {  # noqa: RUF012 (msrest reads it from the class)
        **AdaptiveCardInvokeResponse._attribute_map,
        "value": {"key": "value", "type": "object"},
    }


class SignoffBot(ActivityHandler):
    """Messages are committed before the HTTP answer (their replies follow from the outbox);
    card actions are answered in the HTTP response; installs are welcomed after it."""

    def __init__(self, *, turns: TeamsTurns, work: Work) -> None:
        self._turns, self._work = turns, work

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity, reference = _plain(turn_context)
        if not self._turns.admission.enter():
            if (busy := self._turns.busy(activity)) is not None:
                # Said after the answer (a post to Teams), with no database: nothing was taken.
                self._work.spawn(self._turns.deliver([busy], activity, reference))
            return
        # Before the answer: Teams hears 200 only once the command and its replies are stored.
        team_group = functools.partial(_team_group, turn_context)
        await self._turns.admitted(self._turns.on_message(activity, reference, team_group))

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        self._work.spawn(self._turns.on_install(*_plain(turn_context)))

    async def on_installation_update(self, turn_context: TurnContext) -> None:
        self._work.spawn(self._turns.on_install(*_plain(turn_context)))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        # Not on_adaptive_card_invoke: botbuilder 4.17.1 serializes its answer twice (HTTP 500).
        # A model as the body is serialized exactly once by CloudAdapter.
        if turn_context.activity.name != "adaptiveCard/action":
            return InvokeResponse(status=int(HTTPStatus.NOT_IMPLEMENTED))
        body = await self._turns.on_action(*_plain(turn_context))
        answer = _InvokeAnswer(
            status_code=body["statusCode"], type=body["type"], value=body["value"]
        )
        return InvokeResponse(status=int(HTTPStatus.OK), body=answer)
