"""One conversation, one binding: a Teams channel bound from the admin CLI without a tenant is
found by its first message and takes that tenant, as Slack channels do; and its people too."""

from __future__ import annotations

from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from tests.teams.conftest import CHANNEL, PEOPLE, TENANT, Teams


async def test_a_channel_bound_without_a_tenant_answers_its_first_message(teams: Teams) -> None:
    await teams.run(CreateProject(key="acme", name="Acme rebrand", client="Acme Co."))
    unscoped = Conversation(platform=Platform.TEAMS, tenant="", channel=CHANNEL)
    await teams.run(BindConversation(key="acme", conversation=unscoped), "acme")
    paula = Identity(platform=Platform.TEAMS, tenant="", user_id=PEOPLE["paula"][0])
    await teams.run(AddMember(role=Role.PM, identity=paula, display_name="Paula P."), "acme")
    await teams.run(AddMilestone(name="Concepts", due="2036-01-15"), "acme")

    await teams.say("submit M-1 first routes", who="paula")

    posts = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "M-1" in posts[0].text and "not bound" not in posts[0].text
    record = await teams.export()
    assert [(b["tenant"], b["channel"]) for b in record["bindings"]] == [(TENANT, CHANNEL)]
    [milestone] = record["milestones"]
    assert milestone["version"] == 1
    [member] = record["members"]
    assert (member["by"], member["by_id"]) == ("Paula P.", f"teams:{TENANT}:{PEOPLE['paula'][0]}")
