"""Isolation between two Slack workspaces in one process (OAuth mode, issue 16): commands,
clicks, nudges, replies left by a dead instance, exports and an uninstall each stay within
their own workspace, and everything posted there carries that workspace's own bot token."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from faults_harness import Secrets, mention_event, until
from installations_harness import (
    GRID,
    ORG,
    A,
    B,
    Studio,
    Workspace,
    orphan_reply,
    posts,
    queue_digest,
    running,
    seed,
    settings,
    until_async,
    wrongly_routed,
)

from adapters.composition import build_runtime
from bot.queries import export_project
from tests.slack.fake_slack import Call, FakeSlack

# Ids that exist in project acme (A) alone, typed or clicked by beta's PM in workspace B (beta
# has an M-1, planned, and an FB-1 of its own by then).
TYPED = [
    "approve M-2@v1",
    "approve M-2",
    "changes M-1@v1 redo it",
    "feedback resolve FB-2",
    "feedback reopen FB-3",
    "issue ack IS-1",
    "issue resolve IS-2",
    "issue close IS-1",
    "issue assign IS-1 <@W999>",
    "project bind acme",
    "submit M-2",
]
CLICKED = ["approve M-1@v1", "approve M-2@v1", "changes M-2@v1 redo it"]
# What names workspace B, its project or its people; none of it may be in anything of A's.
MARKS = {A: ("Acme", "acme", A.team, A.channel, A.pm, A.client, A.token),
         B: ("Beta", "beta", B.team, B.channel, B.pm, B.client, B.token)}  # fmt: skip


@pytest.fixture
async def studio(database_url: str, engine: object) -> AsyncIterator[Studio]:
    """Signoff installed in both workspaces through the OAuth flow; acme in T111 with M-1 and
    M-2 in review, FB-1, FB-2, IS-1 and IS-2; beta in T222 with M-1 not yet submitted."""
    async with FakeSlack() as slack, running(database_url, slack, Secrets()) as studio:
        for workspace in (A, B):
            await studio.install(workspace)
        await seed(studio, A, milestones=2, submitted=2)
        await seed(studio, B, milestones=1, submitted=0)
        yield studio


async def feedback_from_each(studio: Studio, note: str) -> dict[Workspace, Call]:
    """Each workspace's client logs `note` in its channel; the confirmation posted in each."""
    since = len(studio.slack.calls)
    for workspace in (B, A):
        await studio.slash(f"feedback {workspace.name} {note}", team=workspace.team,
                           channel=workspace.channel, user=workspace.client,
                           answered=False)  # fmt: skip
    return await posted_in_each(studio.slack, since, f" {note}")


async def posted_in_each(slack: FakeSlack, since: int, said: str) -> dict[Workspace, Call]:
    """The one post in each workspace's channel (since call `since`) that says `said`,
    waited for; fails if there is more than one."""

    def found() -> dict[Workspace, list[Call]]:
        calls = [c for c in posts(slack, since) if said in str(c.args.get("text"))]
        return {w: [c for c in calls if c.args["channel"] == w.channel] for w in (A, B)}

    await until(lambda: all(found().values()), within=20, what=f"posts saying {said!r}")
    each = found()
    assert all(len(calls) == 1 for calls in each.values()), each
    return {w: calls[0] for w, calls in each.items()}


def own_token_and_words(each: dict[Workspace, Call]) -> None:
    """Each post went with its workspace's token and names nothing of the other's."""
    for workspace, call in each.items():
        other = B if workspace is A else A
        assert call.token == workspace.token, (workspace.team, call.args["channel"])
        said = json.dumps(call.args)
        assert workspace.name in said
        assert not [mark for mark in MARKS[other] if mark in said], said


async def snapshot(studio: Studio) -> dict[str, object]:
    return {w.key: await export_project(w.key, studio.runtime.services) for w in (A, B)}


async def test_workspace_b_cannot_touch_project_a_by_typing_or_clicking_its_ids(
    studio: Studio,
) -> None:
    own_token_and_words(await feedback_from_each(studio, "note before"))
    before = await snapshot(studio)
    for text in TYPED:
        assert await studio.slash(text, team=B.team, channel=B.channel, user=B.pm)
        # From workspace B, naming A's channel: a channel of T222 nothing is bound to.
        assert await studio.slash(text, team=B.team, channel=A.channel, user=B.pm)
    for command in CLICKED:
        for channel in (B.channel, A.channel):
            told = await studio.click(command, team=B.team, channel=channel, user=B.pm)
            assert told and "approved" not in told and "requested changes" not in told, told
    assert await snapshot(studio) == before
    own_token_and_words(await feedback_from_each(studio, "note after"))
    assert wrongly_routed(studio.slack) == []
    sent_to_b = [json.dumps(c.args) for c in studio.slack.calls if c.token == B.token]
    assert sent_to_b and not [t for t in sent_to_b if "Acme" in t or A.channel in t]


async def test_a_nudge_pass_posts_each_digest_with_its_own_workspaces_token(
    studio: Studio,
) -> None:
    since = len(studio.slack.calls)
    for workspace in (A, B):
        await queue_digest(studio.runtime, workspace, "w1")
    assert await studio.nudge_pass() == 2
    digests = await posted_in_each(studio.slack, since, "weekly progress")
    own_token_and_words(digests)
    assert "Acme stage 2" in digests[A].args["text"] and "Beta stage 1" in digests[B].args["text"]
    assert wrongly_routed(studio.slack) == []


async def test_after_a_restart_tokens_come_from_the_store_and_queued_work_goes_out_once(
    database_url: str, engine: object
) -> None:
    secret = Secrets()
    async with FakeSlack() as slack:
        async with running(database_url, slack, secret) as first:
            for workspace in (A, B):
                await first.install(workspace)
            await seed(first, A, milestones=1, submitted=1)
            await seed(first, B, milestones=1, submitted=1)
            own_token_and_words(await feedback_from_each(first, "before the restart"))
        # While no instance runs: replies a dead instance left and digests falling due.
        async with await build_runtime(settings(database_url, secret, slack.api_url)) as down:
            for workspace in (A, B):
                await orphan_reply(down, workspace, f"{workspace.name} left behind")
                await queue_digest(down, workspace, "w2")
        since = len(slack.calls)
        async with running(database_url, slack, secret) as again:
            left = await posted_in_each(slack, since, "left behind")
            await until_async(again.outbox_empty, within=20, what="the reply outbox emptied")
            own_token_and_words(left)
            assert await again.nudge_pass() == 2
            own_token_and_words(await posted_in_each(slack, since, "weekly progress"))
            own_token_and_words(await feedback_from_each(again, "after the restart"))
            # Delivered once each: the outbox holds them no more, and no second post came.
            again_left = [c for c in posts(slack, since) if "left behind" in c.args["text"]]
            assert len(again_left) == 2
        assert wrongly_routed(slack) == []
        assert [c.method for c in slack.calls[since:] if c.method == "oauth.v2.access"] == []


async def test_the_export_of_each_project_holds_nothing_of_the_other(studio: Studio) -> None:
    own_token_and_words(await feedback_from_each(studio, "said in Slack"))
    await studio.slash("issue Broken link in the footer", team=B.team, channel=B.channel,
                       user=B.pm, answered=False)  # fmt: skip
    for workspace, other in ((A, B), (B, A)):
        exported = json.dumps(await export_project(workspace.key, studio.runtime.services))
        assert f"{workspace.name} said in Slack" in exported
        assert not [mark for mark in MARKS[other] if mark in exported]
    beta = json.dumps(await export_project(B.key, studio.runtime.services))
    assert "Broken link" in beta  # B's issue, raised in B, is B's alone
    assert "Broken link" not in json.dumps(await export_project(A.key, studio.runtime.services))
    assert wrongly_routed(studio.slack) == []


def uninstalled(team: str) -> dict[str, object]:
    """Slack's app_uninstalled event for workspace `team`."""
    return {"token": "x", "team_id": team, "api_app_id": "A0KRD7HC3", "type": "event_callback",
            "event_id": f"Ev{team}gone", "event_time": int(time.time()),
            "event": {"type": "app_uninstalled"}}  # fmt: skip


async def test_uninstalling_b_marks_its_bindings_and_leaves_a_working(studio: Studio) -> None:
    own_token_and_words(await feedback_from_each(studio, "before B left"))
    await studio.event(uninstalled(B.team))

    async def problems(workspace: Workspace) -> list[str]:
        async with studio.runtime.services.uow() as uow:
            project = await uow.projects.get_by_key(workspace.key)
            assert project is not None
            return list((await uow.projects.binding_problems(project.id)).values())

    assert await until_async(lambda: problems(B), within=20, what="B's binding marked") == [
        "token_revoked"
    ]
    assert await problems(A) == []
    since = len(studio.slack.calls)
    told = await studio.slash("feedback after B left", team=B.team, channel=B.channel,
                              user=B.client)  # fmt: skip
    assert "install this app" in told
    await studio.slash("feedback Acme after B left", team=A.team, channel=A.channel,
                       user=A.client, answered=False)  # fmt: skip
    for workspace in (A, B):
        await queue_digest(studio.runtime, workspace, "w3")
    await studio.nudge_pass()
    [confirmed] = [c for c in posts(studio.slack, since) if "after B left" in c.args["text"]]
    [digest] = [c for c in posts(studio.slack, since) if "weekly progress" in c.args["text"]]
    for call in (confirmed, digest):
        assert call.args["channel"] == A.channel and call.token == A.token
    assert [c for c in studio.slack.calls[since:] if c.token == B.token] == []
    assert wrongly_routed(studio.slack) == []


def grid_mention(text: str, *, user: str, event_id: str) -> dict[str, object]:
    """An app_mention in GRID's channel as Slack sends it for an org-wide install: the
    authorization names the org and no workspace."""
    event = mention_event(text, user=user, event_id=event_id, team=GRID.team,
                          channel=GRID.channel)  # fmt: skip
    authorization = {"enterprise_id": ORG, "team_id": None, "user_id": "U0KRQLJ78",
                     "is_bot": True, "is_enterprise_install": True}  # fmt: skip
    return {**event, "enterprise_id": ORG, "authorizations": [authorization]}


async def test_after_a_restart_a_mention_in_a_grid_workspace_is_saved_and_confirmed(
    database_url: str, engine: object
) -> None:
    """The new process knows the workspace's token only from the database: it is read before
    the command's unit of work (from inside it, on SQLite, the store's own session waited for
    that unit's write lock, and the command was answered "not saved")."""
    secret = Secrets()
    async with FakeSlack() as slack:
        async with running(database_url, slack, secret) as first:
            await first.install(GRID)
            await seed(first, GRID, milestones=1, submitted=0)
            # A command from the workspace teaches Signoff its org (kept in the database).
            await first.slash("feedback Grid first note", team=GRID.team, channel=GRID.channel,
                              user=GRID.client, answered=False, enterprise_id=ORG)  # fmt: skip
            await until(lambda: posts(slack), within=20, what="the first confirmation")
        since = len(slack.calls)
        async with running(database_url, slack, secret) as again:
            # From the PM, who has not spoken yet: users.info is asked from inside the command's
            # unit of work, for the name and time zone the database does not have.
            await again.event(grid_mention("feedback Grid second note", user=GRID.pm,
                                           event_id="EvGrid2"))  # fmt: skip
            found = await until(lambda: posts(slack, since) or said_to_caller(slack, since),
                                within=20, what="the mention's answer")  # fmt: skip
            [confirmed] = found
            assert "FB-2" in confirmed.args["text"] and "second note" in confirmed.args["text"]
            assert confirmed.args["channel"] == GRID.channel and confirmed.token == GRID.token
            record = await export_project(GRID.key, again.runtime.services)
            assert [f["summary"] for f in record["feedback"]][-1] == "Grid second note"


def said_to_caller(slack: FakeSlack, since: int) -> list[Call]:
    return [c for c in slack.calls[since:] if c.method == "chat.postEphemeral"]
