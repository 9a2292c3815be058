"""A cancelled milestone or a withdrawn version: every posted copy of its card says so, without
live buttons, and a click on an old button is told why nothing happens."""

from __future__ import annotations

import json

from slack_harness import PM, Harness
from test_slack_approval import button, submitted


async def test_cancelling_a_milestone_updates_its_card_without_buttons(slack: Harness) -> None:
    card = await submitted(slack)

    response = await slack.slash("milestone cancel M-1 the client paused the rebrand", user=PM)

    assert response.status == 200
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert update["channel"] == "C111" and update["ts"] == "1700000000.000001"
    assert slack.buttons(update) == []
    shown = json.dumps(update["blocks"], ensure_ascii=False)
    assert "cancelled" in shown and "the client paused the rebrand" in shown
    told = (await slack.fake.wait_call("chat.postMessage", count=2))[1].args
    assert told["text"] == "Paula cancelled M-1 “Concepts”: the client paused the rebrand"

    await slack.click(button(card, "milestone_approve"), user=PM)  # a click before the update
    late = (await slack.fake.wait_hook())[0].args
    assert late["text"].startswith("M-1 is cancelled.")
    assert len(slack.fake.called("chat.update")) == 1


async def test_withdrawing_a_version_updates_its_card_without_buttons(slack: Harness) -> None:
    await submitted(slack)

    response = await slack.slash("withdraw M-1", user=PM)

    assert response.status == 200
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert update["ts"] == "1700000000.000001" and slack.buttons(update) == []
    assert "withdrawn by Paula" in json.dumps(update["blocks"], ensure_ascii=False)
    told = (await slack.fake.wait_call("chat.postMessage", count=2))[1].args
    assert told["text"] == "Paula withdrew M-1 v1 from review. The next submit will be v2."
