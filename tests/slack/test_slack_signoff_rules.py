"""The contract's sign-off rules on Slack, over real HTTP: a PM who is also an approver decides
one stage only, a project without client approvers never shows a client's sign-off, and under
the `all` rule the card tracks who is left until one request for changes ends the stage."""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_harness import APPROVER, PM, Harness
from test_slack_approval import button, card_recorded

from bot.commands import AddMember
from bot.model import Identity, Platform, Role

BO, CY = "W444", "W555"


async def test_a_pm_who_is_also_an_approver_is_refused_at_the_clients_stage(
    slack: Harness,
) -> None:
    await slack.seed()
    assert (await slack.slash(f"member add <@{PM}|paula> approver")).status == 200
    card = await card_of(slack, "submit M-1 first look")

    await slack.click(button(card, "milestone_approve"), user=PM)
    update = (await slack.fake.wait_call("chat.update"))[0].args
    # The client's stage waits on Alex alone: Paula decided the studio's.
    assert _field(update, "Waiting on") == "Alex"

    await slack.click(button(card, "milestone_approve"), user=PM)
    told = (await slack.fake.wait_hook())[0].args
    assert told["response_type"] == "ephemeral"
    assert told["text"].startswith("You decided M-1 v1 in the PM review at ")
    assert "another of the client's approvers must sign it off" in told["text"]
    assert len(slack.fake.called("chat.update")) == 1  # nothing decided, nothing redrawn

    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    await posted(slack, lambda args: "M-1 v1 is approved. Signed off by Alex." in args["text"])


async def test_without_client_approvers_the_studios_approval_is_never_the_clients(
    slack: Harness,
) -> None:
    await slack.seed()
    assert (await slack.slash(f"member remove <@{APPROVER}|alex>")).status == 200
    card = await card_of(slack, "submit M-1 first look")
    # The warning goes to the PM by the command's response_url, which may land after the card.
    [warned] = await slack.fake.wait_for(
        lambda: [h.args["text"] for h in slack.fake.hooks if "Nobody can sign" in h.args["text"]]
    )
    assert warned.startswith("Nobody can sign M-1 off for the client: this project has no client")

    await slack.click(button(card, "milestone_approve"), user=PM)
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert _field(update, "Status") == "approved by the studio, no client sign-off"
    said = await posted(slack, lambda args: "is approved by the studio" in args["text"])
    assert said["text"] == (
        "M-1 v1 is approved by the studio (Paula), without the client's sign-off: this project "
        "has no client approvers."
    )
    every_post = json.dumps([c.args for c in (*slack.fake.calls, *slack.fake.hooks)])
    assert "Signed off by" not in every_post


async def test_under_the_all_rule_the_card_tracks_who_is_left_and_one_change_ends_the_stage(
    slack: Harness,
) -> None:
    await slack.seed()
    for user, name in ((BO, "Bo"), (CY, "Cy")):
        who = Identity(platform=Platform.SLACK, tenant="T111", user_id=user)
        await slack.core(AddMember(role=Role.APPROVER, identity=who, display_name=name))
    assert (await slack.slash("project rule client all")).status == 200
    card = await card_of(slack, "submit M-1 first look")
    await slack.click(button(card, "milestone_approve"), user=PM)
    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    update = (await slack.fake.wait_call("chat.update", count=2))[1].args
    assert _field(update, "Waiting on") == "Bo, Cy"
    assert slack.buttons(update) != []  # still live: Bo and Cy must approve too

    await slack.click(button(card, "milestone_changes"), user=CY)
    view = (await slack.fake.wait_call("views.open"))[0].args["view"]
    await slack.submit(view, {"note": "The blue is off"}, user=CY)
    final = (await slack.fake.wait_call("chat.update", count=3))[2].args
    assert _field(final, "Status") == "changes requested"
    assert slack.buttons(final) == []

    await slack.click(button(card, "milestone_approve"), user=BO)
    told = (await slack.fake.wait_hook())[0].args
    assert told["text"].startswith("M-1 v1 is already decided: Cy requested changes at")


async def card_of(slack: Harness, line: str) -> dict:
    """Type `line` (a submit); the card it posted to the channel, once its post is noted."""
    assert (await slack.slash(line)).status == 200
    card = await posted(slack, lambda args: "blocks" in args)
    await card_recorded(slack)
    return card


async def posted(slack: Harness, matches: Callable[[dict], bool]) -> dict:
    """The first message posted to a channel that `matches`, once Slack got it."""
    calls = await slack.fake.wait_for(
        lambda: [c for c in slack.fake.called("chat.postMessage") if matches(c.args)]
    )
    return calls[0].args


def _field(call_args: dict, label: str) -> str:
    """The value of one of the card's fields, as the Block Kit section shows it."""
    for block in call_args["blocks"]:
        for field in block.get("fields") or []:
            heading, _, value = field["text"].partition("\n")
            if heading.strip("*") == label:
                return value
    raise AssertionError(f"no field {label!r} in {json.dumps(call_args['blocks'])}")
