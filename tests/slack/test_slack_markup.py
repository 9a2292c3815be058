"""What people type reaches the channel as they typed it, and never as markup: no <!channel> from a
stored id, no "&amp;amp;" from an ampersand."""

from __future__ import annotations

import json
from urllib.parse import quote

from slack_harness import CLIENT, PM, TEAM, Harness

from bot.commands import AddMember
from bot.model import Identity, Platform, Role

INJECTED = "UX><!channel"
FORM = "application/x-www-form-urlencoded"


def shown(call_args: dict) -> str:
    return call_args["text"] + json.dumps(call_args.get("blocks") or [], ensure_ascii=False)


async def test_a_stored_id_of_another_shape_is_never_a_mention_on_the_card(slack: Harness) -> None:
    """An id stored before ids were checked (or by an installer's typo) pings nobody."""
    await slack.seed()
    odd = Identity(platform=Platform.SLACK, tenant=TEAM, user_id=INJECTED)
    await slack.core(AddMember(role=Role.PM, identity=odd, display_name="Odd"))

    await slack.slash("submit M-1 first routes", user=PM)

    card = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert f"<@{PM}>" in shown(card)  # the real PM is called on
    assert "<!channel>" not in shown(card) and "<@UX" not in shown(card)


async def test_a_mention_typed_with_markup_in_it_is_refused_and_pings_nobody(
    slack: Harness,
) -> None:
    await slack.seed()
    # As Slack sends "member add @UX><!channel approver": & < > escaped in the text.
    await slack.slash("member add @UX&gt;&lt;!channel approver", user=PM)

    told = (await slack.fake.wait_hook())[0].args
    assert "“UX&gt;&lt;!channel” is not a Slack user" in told["text"]
    assert "<!channel>" not in shown(told)
    assert slack.fake.called("chat.postMessage") == []  # nobody added, nothing announced
    async with slack.runtime.services.uow() as uow:
        stored = Identity(platform=Platform.SLACK, tenant=TEAM, user_id=INJECTED)
        assert await uow.people.find(stored) is None


async def test_text_with_ampersands_and_angle_brackets_shows_as_typed(slack: Harness) -> None:
    """Slack sends "a &amp; b" for "a & b"; the post must say "a &amp; b" again (escaped once,
    which Slack shows as "a & b"), not "a &amp;amp; b"."""
    await slack.seed()
    await slack.slash("feedback a &amp; b &lt;3 &amp;amp; c&gt;d", user=CLIENT)

    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "a &amp; b &lt;3 &amp;amp; c&gt;d" in posted["text"]
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        [feedback] = await uow.feedback.list(project.id)
    assert feedback.text == "a & b <3 &amp; c>d"  # what they typed, in the record and export


async def test_a_message_logged_as_feedback_keeps_its_ampersand(slack: Harness) -> None:
    await slack.seed()
    payload = {
        "type": "message_action",
        "callback_id": "log_feedback",
        "team": {"id": TEAM, "domain": "d"},
        "user": {"id": CLIENT, "username": "cleo", "team_id": TEAM},
        "channel": {"id": "C111", "name": "c"},
        "message": {"type": "message", "user": CLIENT, "ts": "1.2", "text": "logo &amp; type"},
        "response_url": slack.fake.hook_url(),
        "trigger_id": "1.2.3",
    }
    await slack.post("payload=" + quote(json.dumps(payload)), content_type=FORM)

    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "logo &amp; type" in posted["text"] and "&amp;amp;" not in posted["text"]
