"""The contract's sign-off rules on Teams, through botbuilder over HTTP: a PM who is also an
approver decides one stage only, and a project without client approvers never reads as signed
off by the client, on the card, in the channel or in the export."""

from __future__ import annotations

import json

from bot.commands import AddMember, RemoveMember
from bot.model import Identity, Platform, Role
from tests.teams.conftest import PEOPLE, TENANT, Teams
from tests.teams.test_teams_approvals import click, submitted, texts


def teams_user(name: str) -> Identity:
    return Identity(platform=Platform.TEAMS, tenant=TENANT, user_id=PEOPLE[name][0])


async def test_a_pm_who_is_also_an_approver_decides_the_studios_stage_only(teams: Teams) -> None:
    await teams.project()
    await teams.run(AddMember(role=Role.APPROVER, identity=teams_user("paula")), "acme")
    post = await submitted(teams, set_up=False)

    answer = await click(teams, post.card, "milestone.approve", "paula")
    assert "Waiting on: ava" in texts(answer["value"])  # not paula a second time
    refused = await click(teams, post.card, "milestone.approve", "paula")
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert refused["value"].startswith("You decided M-1 v1 in the PM review at ")
    await teams.settled()
    assert len((await teams.export())["decisions"]) == 1

    final = await click(teams, post.card, "milestone.approve", "ava")
    assert "actions" not in final["value"]
    record = await teams.export()
    assert [(d["by"], d["stage"], d["version"]) for d in record["decisions"]] == [
        ("paula", "pm", 1),
        ("ava", "client", 1),
    ]
    [milestone] = record["milestones"]
    assert (milestone["status"], milestone["signed_off_by_client"]) == ("approved", True)


async def test_without_client_approvers_nothing_reads_as_the_clients_sign_off(
    teams: Teams,
) -> None:
    await teams.project()
    await teams.run(RemoveMember(identity=teams_user("ava")), "acme")
    post = await submitted(teams, set_up=False)
    [warned] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "Nobody can sign M-1 off" in p.text]
    )
    assert "member add @person approver" in warned.text

    answer = await click(teams, post.card, "milestone.approve", "paula")
    assert "Status: approved by the studio, no client sign-off" in texts(answer["value"])
    assert "actions" not in answer["value"]
    await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "without the client's sign-off" in p.text]
    )
    await teams.settled()
    record = await teams.export()
    [milestone] = record["milestones"]
    assert (milestone["status"], milestone["signed_off_by_client"]) == ("approved", False)
    sent = json.dumps([call.body for call in teams.connector.calls], ensure_ascii=False)
    assert "Signed off by" not in sent
