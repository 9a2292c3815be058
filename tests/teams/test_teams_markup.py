"""Teams mentions only people by their AAD object id, and the text beside them is escaped, so
nothing anyone typed or stored becomes a tag."""

from __future__ import annotations

from bot.commands import AddMember, AddMilestone
from bot.model import Identity, Platform, Role
from tests.teams.conftest import PEOPLE, TENANT, Teams
from tests.teams.test_teams_approvals import click


async def test_only_an_aad_object_id_becomes_a_mention_and_the_text_stays_text(
    teams: Teams,
) -> None:
    await teams.project()
    await teams.run(AddMilestone(name="Concepts", due="2036-12-15", criteria=("a",)), "acme")
    # An approver stored with an id of another shape (before ids were checked, or by a typo).
    odd = Identity(platform=Platform.TEAMS, tenant=TENANT, user_id="<at>all</at>")
    await teams.run(AddMember(role=Role.APPROVER, identity=odd, display_name="Bob <b>"), "acme")
    for name in ("paula", "ava"):
        await teams.say("milestones", who=name)
    await teams.settled()
    await teams.say("submit M-1 first routes", who="dan")
    [post] = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])

    await click(teams, post.card, "milestone.approve", "paula")

    [over] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "Over to the client" in p.text]
    )
    assert [e["mentioned"]["id"] for e in over.body["entities"]] == [PEOPLE["ava"][0]]
    assert "<at>all</at>" not in over.text and "<b>" not in over.text
    assert "Bob &lt;b&gt;" in over.text  # named, escaped, not called on
