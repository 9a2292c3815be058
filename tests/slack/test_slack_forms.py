"""The issue modal and the "Log as feedback" message shortcut."""

from __future__ import annotations

import copy

from slack_harness import CLIENT, Harness, inbound

from bot.model import Severity


async def opened_issue_form(slack: Harness, **seed: object) -> dict:
    await slack.seed(**seed)
    response = await slack.slash("", command="/issue", user=CLIENT)
    assert response.status == 200
    return (await slack.fake.wait_call("views.open"))[0].args


async def test_issue_with_no_text_opens_a_modal_within_the_trigger(slack: Harness) -> None:
    opened = await opened_issue_form(slack)
    assert opened["trigger_id"] == "111.111.xxx"
    view = opened["view"]
    assert view["type"] == "modal" and view["title"]["text"] == "Raise an issue"
    inputs = {block["block_id"]: block for block in view["blocks"]}
    assert list(inputs) == ["title", "description", "severity", "milestone"]
    assert inputs["title"]["optional"] is False
    assert inputs["severity"]["element"]["initial_option"]["value"] == "medium"
    assert [o["value"] for o in inputs["milestone"]["element"]["options"]] == ["1"]
    assert slack.fake.hooks == []  # the modal is the answer


async def test_invalid_fields_come_back_as_modal_errors_and_nothing_is_raised(
    slack: Harness,
) -> None:
    view = (await opened_issue_form(slack))["view"]
    response = await slack.submit(view, {"title": "  ", "severity": "high"}, user=CLIENT)
    assert await response.json() == {
        "response_action": "errors",
        "errors": {"title": "Give the issue a title."},
    }
    long = await slack.submit(view, {"title": "x" * 201}, user=CLIENT)
    assert "at most 200 characters" in (await long.json())["errors"]["title"]
    assert await issues(slack) == []


async def test_a_submitted_issue_is_raised_and_posted_in_the_channel(slack: Harness) -> None:
    view = (await opened_issue_form(slack))["view"]
    values = {
        "title": "Fonts missing",
        "description": "The PDF has no fonts",
        "severity": "high",
        "milestone": "1",
    }
    response = await slack.submit(view, values, user=CLIENT)
    assert response.status == 200 and await response.text() == ""
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert (
        posted["channel"] == "C111"
        and "IS-1" in posted["text"]
        and "Fonts missing" in posted["text"]
    )
    [issue] = await issues(slack)
    assert issue.severity is Severity.HIGH and issue.description == "The PDF has no fonts"
    assert issue.milestone_id is not None


async def test_the_issue_modal_speaks_the_projects_language(slack: Harness) -> None:
    view = (await opened_issue_form(slack, locale="zh-CN"))["view"]
    assert view["title"]["text"] != "Raise an issue"
    response = await slack.submit(view, {"title": " "}, user=CLIENT)
    error = (await response.json())["errors"]["title"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error)


async def test_a_message_becomes_feedback_by_its_author_with_a_link_back(slack: Harness) -> None:
    await slack.seed()
    payload = copy.deepcopy(inbound("block_actions.payload.json"))
    for key in ("actions", "container", "state"):
        payload.pop(key, None)
    payload.update(
        type="message_action",
        callback_id="log_feedback",
        message_ts="1700000001.000100",
        response_url=slack.fake.hook_url("actions/T111/222/shortcut"),
        message={
            "type": "message",
            "user": CLIENT,
            "text": "Can the blue be warmer?",
            "ts": "1700000001.000100",
        },
    )
    payload["user"].update(id="W111")  # the PM turns the client's message into feedback
    response = await slack.interact(payload)
    assert response.status == 200
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "Can the blue be warmer?" in posted["text"]
    link = (await slack.fake.wait_call("chat.getPermalink"))[0].args
    assert (link["channel"], link["message_ts"]) == ("C111", "1700000001.000100")
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        [feedback] = await uow.feedback.list(project.id)
    assert feedback.author.identity.user_id == CLIENT
    assert feedback.source_link.startswith("https://ghostbusters.slack.com/archives/")


async def issues(slack: Harness) -> list:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return list(await uow.issues.list(project.id))


async def test_the_modal_says_what_the_chat_says_about_the_same_field(slack: Harness) -> None:
    view = (await opened_issue_form(slack))["view"]
    response = await slack.submit(view, {"title": "x" * 201, "description": "d" * 4001},
                                  user=CLIENT)  # fmt: skip
    errors = (await response.json())["errors"]
    assert errors["description"] == "A description can be at most 4000 characters."
    typed = await slack.slash("x" * 201, command="/issue", user=CLIENT)
    assert (await typed.json())["text"].startswith(errors["title"] + "\n")  # then the usage
    assert await issues(slack) == []
