"""One person, one binding: what the admin CLI stored without a workspace id is the same person
and the same channel when Slack sends them with one; and what is stored about them changes only
when Signoff knows what is stored."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from slack_harness import CHANNEL, CLIENT, PM, TEAM, Harness, serving

from bot.commands import AddMember
from bot.errors import StorageUnavailable
from bot.model import Conversation, Identity, Platform, Role


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


class FailsFirst:
    """A unit-of-work factory whose first unit cannot reach the database."""

    def __init__(self, real: Any) -> None:
        self.real, self.failed = real, False

    def __call__(self) -> Any:
        if not self.failed:
            self.failed = True
            raise StorageUnavailable("connection lost")
        return self.real()


@pytest.mark.parametrize("who", [CLIENT, "W444"])
async def test_a_database_failure_changes_nobodys_name(slack: Harness, who: str) -> None:
    """Cleo's name is the installer's, W444's came from Slack with a zone; users.info now says
    otherwise ("spengler", America/Los_Angeles). A command the database failed changes nothing,
    and the next one keeps both names."""
    await slack.seed()
    dana = Identity(platform=Platform.SLACK, tenant=TEAM, user_id="W444")
    async with slack.runtime.services.uow() as uow:
        await uow.people.ensure(dana, "Dana", "Europe/Berlin")
        await uow.commit()
    await slack.core(AddMember(role=Role.CLIENT, identity=dana))
    me = Identity(platform=Platform.SLACK, tenant=TEAM, user_id=who)
    async with slack.runtime.services.uow() as uow:
        before = await uow.people.find(me)

    services = replace(slack.runtime.services, uow=FailsFirst(slack.runtime.services.uow))
    async with serving(replace(slack.runtime, services=services), slack.fake) as flaky:
        told = await (await flaky.slash("feedback lost", user=who)).json()
        assert told["text"].startswith("Sorry, I could not save that")
        async with slack.runtime.services.uow() as uow:
            assert await uow.people.find(me) == before  # the failed command changed nothing
        await flaky.slash("feedback still here", user=who)
        posted = (await flaky.fake.wait_call("chat.postMessage"))[0].args
        assert "still here" in posted["text"]  # the next command ran

    async with slack.runtime.services.uow() as uow:
        after = await uow.people.find(me)
    # The names stay; only a zone that was missing is filled in.
    assert before is not None and after is not None
    assert after.display_name == before.display_name
    assert after.timezone == (before.timezone or "America/Los_Angeles")
