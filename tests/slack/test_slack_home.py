"""App Home: opening the Home tab shows what waits on that person."""

from __future__ import annotations

import copy
import json

from slack_harness import APPROVER, CLIENT, PM, Harness, inbound


def home_opened(user: str, *, tab: str = "home", event_id: str = "Ev111") -> dict:
    payload = copy.deepcopy(inbound("event_callback_app_home_opened.json"))
    payload["event"].update(user=user, tab=tab)
    payload["authorizations"][0]["user_id"] = "W23456789"  # the bot, as Slack sends it
    payload["event_id"] = event_id
    return payload


async def test_the_messages_tab_of_an_org_wide_install_is_acknowledged_quietly(
    slack: Harness,
) -> None:
    payload = inbound("event_callback_app_home_opened.json")
    assert payload["authorizations"][0]["team_id"] is None  # an org-wide install
    response = await slack.event(payload)
    assert response.status == 200
    response = await slack.event(home_opened("W444", tab="home", event_id="Ev999"))
    assert response.status == 200
    published = (await slack.fake.wait_call("views.publish"))[0].args
    assert published["user_id"] == "W444"
    assert "not on any project yet" in json.dumps(published["view"])
    assert len(slack.fake.called("views.publish")) == 1  # nothing for the Messages tab


async def test_the_home_tab_lists_decisions_assigned_issues_and_recent_feedback(
    slack: Harness,
) -> None:
    await slack.seed()
    await slack.slash("submit M-1", user=PM)
    await slack.fake.wait_call("chat.postMessage")
    await slack.slash("feedback warmer blues please", user=CLIENT)
    await slack.slash("issue Fonts missing high", user=CLIENT)
    await slack.fake.wait_call("chat.postMessage", count=3)
    await slack.slash(f"issue assign IS-1 <@{PM}>", user=PM)
    await slack.fake.wait_call("chat.postMessage", count=4)

    await slack.event(home_opened(PM))
    view = (await slack.fake.wait_call("views.publish"))[0].args["view"]
    shown = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    assert "Acme rebrand" in shown
    assert "M-1 Concepts v1 waits on your decision." in shown
    assert "IS-1 is assigned to you: Fonts missing" in shown
    assert "FB-1 · warmer blues please" in shown
    assert "Next nudges" in shown and "weekly digest" in shown  # what the bot will post next

    await slack.event(home_opened(APPROVER, event_id="Ev112"))
    view = (await slack.fake.wait_call("views.publish", count=2))[1].args["view"]
    assert "Nothing waits on you." in json.dumps(view)  # the PM decides first


async def test_the_home_tab_of_a_pm_who_decided_the_studios_stage_waits_on_nothing(
    slack: Harness,
) -> None:
    """A PM who is also an approver, once they approved for the studio, is not asked again at
    the client's stage: Home says so, and says it to the approver who is asked instead."""
    await slack.seed()
    await slack.slash(f"member add <@{PM}|paula> approver", user=PM)
    await slack.slash("submit M-1", user=PM)
    await slack.slash("approve M-1", user=PM)
    await slack.fake.wait_for(lambda: [c for c in slack.fake.called("chat.postMessage")
                                       if "Over to the client" in c.args["text"]])  # fmt: skip

    await slack.event(home_opened(PM))
    view = (await slack.fake.wait_call("views.publish"))[0].args["view"]
    assert "Nothing waits on you." in json.dumps(view)
    await slack.event(home_opened(APPROVER, event_id="Ev112"))
    view = (await slack.fake.wait_call("views.publish", count=2))[1].args["view"]
    assert "M-1 Concepts v1 waits on your decision." in json.dumps(view, ensure_ascii=False)
