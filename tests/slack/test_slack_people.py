"""One person, one binding: what the admin CLI stored without a workspace id is the same person
and the same channel when Slack sends them with one."""

from __future__ import annotations

from slack_harness import CHANNEL, PM, TEAM, Harness

from bot.model import Conversation, Identity, Platform


async def test_a_pm_added_without_a_workspace_is_one_person_who_may_submit(
    slack: Harness,
) -> None:
    await slack.seed(tenant="")  # `signoff member add … --slack-user W111 --name Paula`, no team

    await slack.slash("submit M-1 first routes", user=PM)

    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert posted["channel"] == CHANNEL and "M-1" in posted["text"]
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        [milestone] = await uow.milestones.list(project.id)
        assert milestone.version == 1  # submitted: the CLI's PM role was theirs
        person = await uow.people.find(Identity(platform=Platform.SLACK, tenant=TEAM, user_id=PM))
        unscoped = Identity(platform=Platform.SLACK, tenant="", user_id=PM)
        assert person is not None and person.identity.tenant == TEAM
        assert person.display_name == "Paula"  # the admin's name, not users.info's
        assert await uow.people.find(unscoped) is None  # merged: no second record
        assert [b.tenant for b in await uow.projects.bindings(project.id)] == [TEAM]
        here = Conversation(platform=Platform.SLACK, tenant=TEAM, channel=CHANNEL)
        assert await uow.projects.for_conversation(here) == project


async def test_a_pm_unbinds_the_channel_from_slack(slack: Harness) -> None:
    await slack.seed()

    await slack.slash("project unbind", user=PM)

    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "C111 is no longer bound to acme" in posted["text"]
    assert "No channel will get digests" in posted["text"]
    await slack.slash("feedback anyone there?", user=PM)
    told = (await slack.fake.wait_hook())[-1].args
    assert "not bound to a project" in told["text"]
