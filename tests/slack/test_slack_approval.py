"""The approval card: posted on submit, decided with buttons, updated everywhere, never twice."""

from __future__ import annotations

import asyncio
import json

from fake_slack import FakeSlack
from slack_harness import APPROVER, CLIENT, PM, Harness, serving, slack_settings

from adapters.composition import build_runtime
from bot.actions import decode
from bot.commands import DecideMilestone
from bot.model import Conversation, DecisionKind, Platform


async def submitted(slack: Harness) -> dict:
    """Submit M-1 in the channel; the card the channel got (its chat.postMessage arguments)."""
    await slack.seed()
    response = await slack.slash("submit M-1 first look at the routes")
    assert response.status == 200
    card = (await slack.fake.wait_call("chat.postMessage"))[0].args
    await card_recorded(slack)
    return card


async def card_recorded(slack: Harness) -> None:
    """Wait until the adapter has noted where the card went (just after Slack answered)."""
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        async with slack.runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            milestone = await uow.milestones.get(project.id, 1)
            if await uow.platform.posts(f"milestone:{milestone.id}:v1"):
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the card's post was never recorded")


def button(card: dict, action_id: str) -> dict:
    return next(
        element
        for block in card["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    )


async def test_submit_posts_a_card_with_approve_and_request_changes_buttons(slack: Harness) -> None:
    card = await submitted(slack)
    assert card["channel"] == "C111"
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    for expected in (
        "M-1 Concepts · v1",
        "three routes",
        "Paula",
        "first look at the routes",
        "2030",
    ):
        assert expected in shown
    approve, changes = button(card, "milestone_approve"), button(card, "milestone_changes")
    # The buttons carry the decision as data: milestone, version shown, approve or changes.
    assert decode(json.loads(approve["value"])["command"]) == DecideMilestone(
        number=1, kind=DecisionKind.APPROVE, version=1
    )
    assert decode(json.loads(changes["value"])["command"]) == DecideMilestone(
        number=1, kind=DecisionKind.CHANGES, version=1
    )
    assert slack.fake.hooks == []  # the record went to the channel, not just to the caller


async def test_approving_updates_the_card_in_place_and_names_the_next_deciders(
    slack: Harness,
) -> None:
    card = await submitted(slack)
    posted_ts = f"1700000000.{1:06d}"
    response = await slack.click(button(card, "milestone_approve"), user=PM)
    assert response.status == 200
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert update["channel"] == "C111" and update["ts"] == posted_ts
    assert slack.buttons(update) != []  # still live: now the client's approvers decide
    assert "Paula" in json.dumps(update["blocks"]) and "approved" in json.dumps(update["blocks"])
    announcement = (await slack.fake.wait_call("chat.postMessage", count=2))[1].args
    assert "Over to the client: Alex" in announcement["text"]
    assert f"<@{APPROVER}>" in announcement["text"]  # a real mention: Slack notifies them

    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    final = (await slack.fake.wait_call("chat.update", count=2))[1].args
    assert final["ts"] == posted_ts
    assert slack.buttons(final) == []  # decided: no live buttons any more
    assert "Alex" in json.dumps(final["blocks"])
    done = (await slack.fake.wait_call("chat.postMessage", count=3))[2].args
    assert "M-1 v1 is approved. Signed off by Alex." in done["text"]


async def test_a_late_click_is_told_who_decided_and_changes_nothing(slack: Harness) -> None:
    card = await submitted(slack)
    await slack.click(button(card, "milestone_approve"), user=PM)
    await slack.fake.wait_call("chat.update")
    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    await slack.fake.wait_call("chat.update", count=2)
    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    told = (await slack.fake.wait_hook())[0].args
    assert told["response_type"] == "ephemeral"
    assert told["text"].startswith("M-1 v1 is already decided: Alex approved at")
    assert len(slack.fake.called("chat.update")) == 2


async def test_a_click_by_someone_who_may_not_decide_is_refused_privately(slack: Harness) -> None:
    card = await submitted(slack)
    await slack.click(button(card, "milestone_approve"), user=CLIENT)
    told = (await slack.fake.wait_hook())[0].args
    assert told["response_type"] == "ephemeral"
    assert "Only the studio's PM can decide on M-1 now." in told["text"]
    assert slack.fake.called("chat.update") == []
    assert len(slack.fake.called("chat.postMessage")) == 1  # just the card


async def test_two_clicks_at_the_same_moment_record_one_decision(slack: Harness) -> None:
    card = await submitted(slack)
    approve = button(card, "milestone_approve")
    first, second = await asyncio.gather(slack.click(approve), slack.click(approve))
    assert first.status == second.status == 200
    told = (await slack.fake.wait_hook())[0].args
    assert told["text"].startswith("M-1 v1 is already decided: Paula approved at")
    await slack.fake.wait_call("chat.update")
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        milestone = await uow.milestones.get(project.id, 1)
        assert len(await uow.decisions.for_milestone(milestone.id)) == 1


async def test_request_changes_asks_what_to_change_in_a_modal_then_records_it(
    slack: Harness,
) -> None:
    card = await submitted(slack)
    await slack.click(button(card, "milestone_changes"), user=PM)
    opened = (await slack.fake.wait_call("views.open"))[0].args
    assert opened["trigger_id"] == "111.222.valid"
    view = opened["view"]
    assert view["type"] == "modal"
    [question] = view["blocks"]
    assert question["type"] == "input" and question["optional"] is False
    assert question["label"]["text"] == "What should change?"
    assert slack.fake.called("chat.update") == []  # nothing decided by opening the modal

    blank = await slack.submit(view, {"note": "   "}, user=PM)
    assert await blank.json() == {
        "response_action": "errors",
        "errors": {"note": "Say what needs to change."},
    }

    response = await slack.submit(view, {"note": "Bigger logo, please"}, user=PM)
    assert response.status == 200 and await response.text() == ""
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert slack.buttons(update) == []
    assert "Bigger logo, please" in json.dumps(update["blocks"])
    said = (await slack.fake.wait_call("chat.postMessage", count=2))[1].args
    assert "Paula requested changes on M-1 v1: Bigger logo, please" in said["text"]


async def test_two_instances_clicked_at_once_record_one_decision(
    migrated_url: str, fake: FakeSlack
) -> None:
    settings = slack_settings(migrated_url, fake)
    async with await build_runtime(settings) as one, await build_runtime(settings) as two:
        async with serving(one, fake) as first, serving(two, fake) as second:
            card = await submitted(first)
            approve = button(card, "milestone_approve")
            await asyncio.gather(first.click(approve), second.click(approve))
            told = (await fake.wait_hook())[0].args
            assert told["text"].startswith("M-1 v1 is already decided: Paula approved at")
            await fake.wait_call("chat.update")
            async with one.services.uow() as uow:
                project = await uow.projects.get_by_key("acme")
                milestone = await uow.milestones.get(project.id, 1)
                assert len(await uow.decisions.for_milestone(milestone.id)) == 1


async def test_every_posted_copy_of_the_card_is_updated(slack: Harness) -> None:
    card = await submitted(slack)
    other = Conversation(platform=Platform.SLACK, tenant="T111", channel="C222")
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        milestone = await uow.milestones.get(project.id, 1)
        now = slack.runtime.services.clock.now()
        await uow.platform.note_post(
            f"milestone:{milestone.id}:v1", other, "1700000099.000001", now
        )
        await uow.commit()
    await slack.click(button(card, "milestone_approve"), user=PM)
    updates = await slack.fake.wait_call("chat.update", count=2)
    assert {(u.args["channel"], u.args["ts"]) for u in updates} == {
        ("C111", "1700000000.000001"),
        ("C222", "1700000099.000001"),
    }


async def test_a_button_no_release_made_is_told_out_of_date_and_decides_nothing(
    slack: Harness,
) -> None:
    card = await submitted(slack)
    forged = {**button(card, "milestone_approve"), "value": json.dumps({"command": "status"})}
    response = await slack.click(forged, user=PM)
    assert response.status == 200
    told = (await slack.fake.wait_hook())[0].args
    assert told["text"].startswith("This card is out of date")
    assert slack.fake.called("chat.update") == []
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        milestone = await uow.milestones.get(project.id, 1)
        assert await uow.decisions.for_milestone(milestone.id) == []
