"""The same story told through Teams and through the console leaves the same record."""

from __future__ import annotations

import re
from typing import Any

from adapters.console import run_line
from adapters.operator import operator_invocation, os_user
from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform
from bot.queries import export_project
from bot.service import handle
from tests.teams.conftest import ROLES, Teams
from tests.teams.test_teams_approvals import submitted

# What differs by platform or by the clock, not by what happened.
# Who someone is on their platform (by_id, assignee_id…) differs between surfaces by design.
PLATFORM_FIELDS = {"platform", "tenant", "channel", "user_id", "data", "by_id", "added_by_id"}
PLATFORM_FIELDS |= {"assignee_id", "removed_by_id"}
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d|\b\d{1,2}:\d\d\b|\bat [A-Z][a-z]{2} \d")


def neutral(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: neutral(v) for k, v in value.items() if k not in PLATFORM_FIELDS}
    if isinstance(value, list):
        return [neutral(v) for v in value]
    if isinstance(value, str) and MOMENT.search(value):
        return "<moment>"
    return value


async def console_story(teams: Teams) -> dict[str, Any]:
    services = teams.runtime.services

    async def run(command: Any, key: str | None = "side") -> None:
        assert (await handle(command, operator_invocation(key), services)).ok

    await run(CreateProject(key="side", name="Acme rebrand", client="Acme Co."), None)
    await run(BindConversation(key="side", conversation=Conversation(
        platform=Platform.CONSOLE, tenant="local", channel="side")))  # fmt: skip
    for name, role in ROLES.items():
        who = Identity(platform=Platform.CONSOLE, tenant="local", user_id=name)
        await run(AddMember(role=role, identity=who, display_name=name))
    await run(AddMilestone(name="Concepts", due="2036-12-15", criteria=("three routes",)))
    for who, line in [
        ("paula", "milestones"),
        ("ava", "milestones"),
        ("dan", "submit M-1 first routes"),
        ("cleo", "feedback the blue feels cold"),
        ("cleo", "issue Site is down critical"),
        ("paula", "approve M-1@v1"),
        ("ava", "approve M-1@v1"),
        ("paula", "approve M-1@v1"),  # the late click
        ("cleo", "status"),
    ]:
        me = Identity(platform=Platform.CONSOLE, tenant="local", user_id=who)
        await run_line(services, line, identity=me, key="side")
    return await export_project("side", services)


async def teams_story(teams: Teams) -> dict[str, Any]:
    post = await submitted(teams)  # the same set-up, milestones and submit, typed in Teams
    await teams.say("feedback the blue feels cold")
    await teams.say("issue Site is down critical")  # handled after the feedback, as typed
    await teams.settled()
    for who in ("paula", "ava", "paula"):  # the third is the late click
        response = await teams.post(teams.click(post.card, "milestone.approve", who=who))
        assert response.status == 200
        await teams.settled()
    await teams.say("status")
    await teams.settled()
    return await teams.export()


async def test_teams_and_the_console_keep_the_same_record(teams: Teams) -> None:
    through_teams = neutral(await teams_story(teams))
    through_console = neutral(await console_story(teams))
    for part in ("members", "milestones", "decisions", "feedback", "issues"):
        assert through_teams[part] == through_console[part], part
    actions = [(a["summary"], a["by"]) for a in through_teams["audit"]]
    assert actions == [(a["summary"], a["by"]) for a in through_console["audit"]]
    # … and both are what the story did, not two empty lists that agree.
    assert [a for a in actions if not a[0].startswith(("project.", "member."))] == [
        ("milestone.added", os_user()),  # the operator at the admin CLI
        ("milestone.submitted", "dan"),
        ("feedback.logged", "cleo"),
        ("issue.raised", "cleo"),
        ("milestone.approve_stage", "paula"),
        ("milestone.approve_final", "ava"),
    ]
    assert [d["by"] for d in through_teams["decisions"]] == ["paula", "ava"]
