"""A person is named by their platform's id: any other shape typed after member or issue assign
is refused in the project's language, and nobody is stored under it."""

from __future__ import annotations

import pytest

from bot.commands import AddMember
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform, Role
from bot.policy import Policy
from bot.service import Services, handle, handle_text
from tests.fakes import FakeClock, FakeDatabase

AVA = "0f8fad5b-d9cb-469f-a165-70867728950e"
PLATFORMS = {
    Platform.SLACK: ("T1", "C111", "W111"),
    Platform.TEAMS: ("tenant-a", "19:acme@thread.tacv2", "c3a8f6d2-5b1e-4d7a-9c0f-2e6b8a4d1f37"),
}


class Chat:
    def __init__(self, platform: Platform) -> None:
        self.database = FakeDatabase()
        self.services = Services(uow=self.database, clock=FakeClock(), policy=Policy())
        tenant, channel, pm = PLATFORMS[platform]
        self.invocation = Invocation(
            identity=Identity(platform=platform, tenant=tenant, user_id=pm),
            display_name="Paula",
            conversation=Conversation(platform=platform, tenant=tenant, channel=channel),
        )

    async def say(self, text: str) -> tuple[bool, str]:
        result = await handle_text(text, self.invocation, self.services)
        return result.ok, "\n".join(r.message.text for r in result.replies)

    def stored_ids(self) -> set[str]:
        return {p.identity.user_id for p in self.database.tables.people.values()}


async def project(platform: Platform, locale: str = "en") -> Chat:
    chat = Chat(platform)
    ok, said = await chat.say(f'project create acme "Acme" client "Acme Co." locale {locale}')
    assert ok, said
    ok, said = await chat.say('milestone add "Concepts" due 2030-01-15')
    assert ok, said
    return chat


@pytest.mark.parametrize(
    "typed",
    ["@UX><!channel", "<@UX><!channel>", "@UX>&lt;!here", "@alice", "@u123", "@W1<!everyone>"],
)
async def test_a_slack_member_must_be_named_by_a_slack_user_id(typed: str) -> None:
    chat = await project(Platform.SLACK)
    before = chat.stored_ids()

    ok, said = await chat.say(f"member add {typed} approver")

    assert not ok
    assert "is not a Slack user: @-mention them, so Slack says who they are." in said
    assert chat.stored_ids() == before


async def test_slack_user_ids_as_slack_sends_them_are_taken() -> None:
    chat = await project(Platform.SLACK)
    for typed in ("<@W222|alex>", "@U0G9QF9C6", "W333"):
        ok, said = await chat.say(f"member add {typed} approver")
        assert ok, said
    assert {"W222", "U0G9QF9C6", "W333"} <= chat.stored_ids()


async def test_the_refusal_speaks_the_projects_language() -> None:
    chat = await project(Platform.SLACK, locale="zh-CN")
    ok, said = await chat.say("member add @UX><!channel approver")
    assert not ok
    assert said.startswith("“UX><!channel”不是 Slack 用户：请用 @ 提及对方")


async def test_issue_assign_refuses_an_id_of_another_shape() -> None:
    chat = await project(Platform.SLACK)
    assert (await chat.say("issue the logo is blurry"))[0]
    ok, said = await chat.say("issue assign IS-1 @W1><!here")
    assert not ok and said.splitlines() == [
        "“W1><!here” is not a Slack user: @-mention them, so Slack says who they are.",
        "Usage: issue assign IS-n @person — give an issue an owner",
    ]


async def test_a_teams_member_is_named_by_an_aad_object_id() -> None:
    chat = await project(Platform.TEAMS)
    ok, said = await chat.say("member add @ava approver")
    assert not ok and "“ava” is not a Teams user id" in said
    assert "ava" not in chat.stored_ids()
    ok, said = await chat.say(f"member add @{AVA} approver")
    assert ok, said


async def test_a_member_stored_under_an_odd_id_can_still_be_removed() -> None:
    """Removing looks someone up and creates nobody, so the id typed need not be well formed."""
    chat = await project(Platform.SLACK)
    odd = Identity(platform=Platform.SLACK, tenant="T1", user_id="UX><!channel")
    operator = Invocation(identity=odd, project_key="acme", operator=True)
    added = await handle(AddMember(role=Role.APPROVER, identity=odd), operator, chat.services)
    assert added.ok

    ok, said = await chat.say("member remove @UX><!channel")

    assert ok and "is no longer a member of acme" in said
