"""The brief's card on Slack, over real HTTP: sent by the PM with the slash command, decided by
the client's approver with the same two buttons as a milestone's card (Ask for changes asks in
a modal), redrawn in place, confirmed into milestones, never decided twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from slack_harness import APPROVER, CLIENT, PM, Harness
from test_slack_approval import button
from test_slack_blocks import valid_message, valid_view

from adapters.slack.ids import APPROVE_ACTION, CHANGES_ACTION
from bot.actions import decode
from bot.brief import BriefDecisionKind, BriefState
from bot.brief_commands import DecideBrief

CLICK_HOOK = "actions/T111/111/random-value"  # the response_url Harness.click gives
DRAFT = (
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour',
    'brief add deliverable "Guidelines" due 2030-02-15 criteria: twelve pages',
    "brief budget 12000 EUR",
    "brief rounds 3",
    "brief add out-of-scope Printing",
)


async def sent(slack: Harness) -> dict[str, Any]:
    """The project with no milestone yet; the PM drafts the brief and sends it. The card the
    channel got (its chat.postMessage arguments), once its post is noted."""
    await slack.seed(milestone=False)
    for line in DRAFT:
        assert (await slack.slash(line)).status == 200
    return await send(slack, version=1)


async def send(slack: Harness, *, version: int) -> dict[str, Any]:
    """`brief send`; the card of `version` it posted, once its post is noted and the channel
    told who is to confirm it (the last of what the send posts)."""
    assert (await slack.slash("brief send")).status == 200
    heading = f"Brief v{version}"
    card = await posted(slack, lambda args: "blocks" in args and heading in args["text"])
    await brief_recorded(slack, version)
    await posted(slack, lambda args: args["text"].startswith(f"{heading} is ready for"))
    return card


async def brief_recorded(slack: Harness, version: int) -> None:
    """Wait until the adapter has noted where the card of `version` went."""
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        async with slack.runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            if await uow.platform.posts(f"brief:{project.id}:v{version}"):
                return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the post of brief v{version}'s card was never recorded")


async def posted(slack: Harness, matches: Callable[[dict], bool]) -> dict[str, Any]:
    calls = await slack.fake.wait_for(
        lambda: [c for c in slack.fake.called("chat.postMessage") if matches(c.args)]
    )
    return calls[0].args


async def states(slack: Harness) -> list[BriefState]:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return [b.state for b in await uow.briefs.list(project.id)]


async def milestones(slack: Harness) -> list[tuple[str, str]]:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return [(m.ref, m.name) for m in await uow.milestones.list(project.id)]


def fields(args: dict[str, Any]) -> dict[str, str]:
    """The card's fields, label to value, as its Block Kit sections show them."""
    shown = {}
    for block in args["blocks"]:
        for field in block.get("fields") or []:
            heading, _, value = field["text"].partition("\n")
            shown[heading.strip("*")] = value
    return shown


async def clicks_told(slack: Harness, count: int) -> list[dict[str, Any]]:
    """What the clicker alone was told, through the click's response_url (not a slash command's
    answer), once `count` such answers came."""

    def told() -> list[dict[str, Any]]:
        found = [h.args for h in slack.fake.hooks if h.method == CLICK_HOOK]
        return found if len(found) >= count else []

    return await slack.fake.wait_for(told)


def ts_of(slack: Harness, args: dict[str, Any]) -> str:
    """The ts the fake Slack gave the post made with `args` (it numbers its posts in order)."""
    posts = slack.fake.called("chat.postMessage")
    n = next(n for n, call in enumerate(posts, 1) if call.args is args)
    return f"1700000000.{n:06d}"


async def ask_for_changes(slack: Harness, card: dict[str, Any], note: str) -> None:
    """The approver's Ask for changes: the click opens the modal, the note is submitted."""
    opened = len(slack.fake.called("views.open"))
    response = await slack.click(button(card, CHANGES_ACTION), user=APPROVER)
    assert response.status == 200
    view = (await slack.fake.wait_call("views.open", count=opened + 1))[opened].args["view"]
    submitted = await slack.submit(view, {"note": note}, user=APPROVER)
    assert submitted.status == 200 and await submitted.text() == ""


async def test_brief_send_posts_its_card_with_confirm_and_ask_for_changes(slack: Harness) -> None:
    card = await sent(slack)
    assert card["channel"] == "C111"
    valid_message(card)
    assert card["blocks"][0]["text"]["text"] == "Brief v1"
    assert fields(card) == {
        "Status": "waiting on the client",
        "Goal": "A brand the team can use",
        "Revision rounds": "3 per milestone",
        "Budget": "€12,000.00",
        "Out of scope": "1. Printing",
    }
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert "1. Logo · due Tue 15 Jan 2030 · criteria: three routes; one colour" in shown
    # The same two buttons as a milestone's card: Slack treats them alike.
    [buttons] = [b["elements"] for b in card["blocks"] if b["type"] == "actions"]
    assert [(b["action_id"], b["text"]["text"], b.get("style")) for b in buttons] == [
        (APPROVE_ACTION, "Confirm", "primary"),
        (CHANGES_ACTION, "Ask for changes", "danger"),
    ]
    confirm, changes = (json.loads(b["value"]) for b in buttons)
    assert decode(confirm["command"]) == DecideBrief(kind=BriefDecisionKind.CONFIRM, version=1)
    assert decode(changes["command"]) == DecideBrief(kind=BriefDecisionKind.CHANGES, version=1)
    assert changes["ask"] == "What should change?"
    ready = await posted(slack, lambda args: "ready for" in args["text"])
    assert ready["text"].startswith("Brief v1 is ready for Alex to confirm.")
    assert f"<@{APPROVER}>" in ready["text"]  # a real mention: Slack notifies them


async def test_changes_asked_in_the_modal_then_v2_confirmed_makes_the_milestones(
    slack: Harness,
) -> None:
    card = await sent(slack)
    posted_ts = ts_of(slack, card)
    await ask_for_changes(slack, card, "Add a favicon")
    opened = slack.fake.called("views.open")[0].args["view"]
    valid_view(opened)
    assert opened["blocks"][0]["label"]["text"] == "What should change?"
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert (update["channel"], update["ts"]) == ("C111", posted_ts)
    valid_message(update)
    assert slack.buttons(update) == []  # decided: no live buttons
    assert fields(update)["Status"].startswith("changes requested by Alex at ")
    assert "Add a favicon" in json.dumps(update["blocks"])
    said = await posted(slack, lambda args: "asked for changes" in args["text"])
    assert said["text"] == (
        "Alex asked for changes to brief v1: Add a favicon. The PM's next edit drafts v2."
    )
    assert await milestones(slack) == []

    assert (await slack.slash('brief add deliverable "Favicon" due 2030-03-05')).status == 200
    second = await send(slack, version=2)
    assert second["blocks"][0]["text"]["text"] == "Brief v2"
    assert "Favicon" not in json.dumps(card["blocks"])  # v1 stays as it was sent
    assert "3. Favicon · due Tue 5 Mar 2030" in json.dumps(second["blocks"], ensure_ascii=False)
    second_ts = ts_of(slack, second)

    response = await slack.click(button(second, APPROVE_ACTION), user=APPROVER)
    assert response.status == 200
    final = (await slack.fake.wait_call("chat.update", count=2))[1].args
    assert (final["channel"], final["ts"]) == ("C111", second_ts)
    valid_message(final)
    assert slack.buttons(final) == []
    assert fields(final)["Status"].startswith("confirmed by Alex at ")
    done = await posted(slack, lambda args: "is confirmed" in args["text"])
    assert done["text"].splitlines() == [
        "Brief v2 is confirmed by Alex.",
        "M-1 Logo, due Tue 15 Jan 2030",
        "M-2 Guidelines, due Fri 15 Feb 2030",
        "M-3 Favicon, due Tue 5 Mar 2030",
    ]
    assert await milestones(slack) == [("M-1", "Logo"), ("M-2", "Guidelines"), ("M-3", "Favicon")]
    assert await states(slack) == [BriefState.CHANGES, BriefState.CONFIRMED]
    listed = await slack.slash("milestones", user=CLIENT)
    assert listed.status == 200
    lines = (await listed.json())["text"].splitlines()  # the answer, to the caller alone
    named = ("M-1 Logo", "M-2 Guidelines", "M-3 Favicon")
    assert [line.startswith(ref) for line, ref in zip(lines, named, strict=True)] == [True] * 3


async def test_a_second_click_is_told_who_decided_and_changes_nothing(slack: Harness) -> None:
    card = await sent(slack)
    await slack.click(button(card, APPROVE_ACTION), user=APPROVER)
    await slack.fake.wait_call("chat.update")
    await posted(slack, lambda args: "is confirmed" in args["text"])
    posts = len(slack.fake.called("chat.postMessage"))

    await slack.click(button(card, CHANGES_ACTION), user=APPROVER)  # the modal opens …
    view = (await slack.fake.wait_call("views.open"))[0].args["view"]
    await slack.submit(view, {"note": "One more thing"}, user=APPROVER)  # … and is told
    await slack.click(button(card, APPROVE_ACTION), user=APPROVER)
    told = await clicks_told(slack, 2)
    for hook in told:
        assert hook["response_type"] == "ephemeral"
        assert hook["text"].startswith("Brief v1 is already confirmed: Alex confirmed it at ")
    assert len(slack.fake.called("chat.update")) == 1
    assert len(slack.fake.called("chat.postMessage")) == posts
    assert await states(slack) == [BriefState.CONFIRMED]
    assert len(await milestones(slack)) == 2  # made once


async def test_a_click_by_someone_who_is_no_approver_is_refused_and_changes_nothing(
    slack: Harness,
) -> None:
    card = await sent(slack)
    posts = len(slack.fake.called("chat.postMessage"))
    for user in (CLIENT, PM):  # the client without the approver's role; the studio's PM
        await slack.click(button(card, APPROVE_ACTION), user=user)
    told = await clicks_told(slack, 2)
    for hook in told:
        assert hook["response_type"] == "ephemeral"
        assert hook["text"] == (
            "Only the client's approvers can confirm the brief or ask for changes to it."
        )
    assert slack.fake.called("chat.update") == []
    assert len(slack.fake.called("chat.postMessage")) == posts
    assert await states(slack) == [BriefState.SENT]
    assert await milestones(slack) == []


async def test_a_typed_confirm_redraws_the_posted_card_instead_of_posting_another(
    slack: Harness,
) -> None:
    card = await sent(slack)
    assert (await slack.slash("brief confirm", user=APPROVER)).status == 200
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert (update["channel"], update["ts"]) == ("C111", ts_of(slack, card))
    assert slack.buttons(update) == []
    await posted(slack, lambda args: "is confirmed" in args["text"])
    assert len([c for c in slack.fake.called("chat.postMessage") if "blocks" in c.args]) == 1


async def test_sending_v2_while_v1_waits_redraws_v1_and_a_click_on_it_is_told(
    slack: Harness,
) -> None:
    first = await sent(slack)
    assert (await slack.slash("brief budget 12500")).status == 200
    second = await send(slack, version=2)
    update = (await slack.fake.wait_call("chat.update"))[0].args
    assert update["ts"] == ts_of(slack, first)
    assert slack.buttons(update) == []  # replaced: nobody decides v1 any more
    assert fields(update)["Status"] == "replaced by a later version"
    assert fields(second)["Budget"] == "€12,500.00"

    await slack.click(button(first, APPROVE_ACTION), user=APPROVER)
    [told] = await clicks_told(slack, 1)
    assert told["text"] == "Brief v1 was replaced by a later version; “brief” shows the newest."
    assert len(slack.fake.called("chat.update")) == 1
    assert await states(slack) == [BriefState.SUPERSEDED, BriefState.SENT]
