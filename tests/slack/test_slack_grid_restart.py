"""Enterprise Grid after a restart: the org-wide install is keyed by the enterprise, while a
post to one of its workspaces knows only the workspace. Requests from the workspace teach
Signoff its org, kept in the database, so a new process still posts with the org's token."""

from __future__ import annotations

from datetime import timedelta

from cryptography.fernet import Fernet
from fake_slack import INSTALLS, FakeSlack
from slack_harness import CLIENT, PM, Harness, operator, serving, slack_settings
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, install

from adapters.composition import build_runtime
from adapters.slack.courier import slack_address
from bot.commands import AddMember, CreateProject
from bot.messages import Audience, Message, Reply
from bot.model import Identity, Platform, Role
from bot.outbox import QueuedReply

KEY = Fernet.generate_key().decode()
ORG, WORKSPACE, CHANNEL = "E12345678", "T333", "C333"
ORG_TOKEN = INSTALLS["code-grid"]["access_token"]


def settings(url: str, fake: FakeSlack) -> object:
    return slack_settings(url, fake, bot_token="", client_id=CLIENT_ID,
                          client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip


def channel_record(harness: Harness, text: str) -> QueuedReply:
    address = slack_address(team=WORKSPACE, user_team=WORKSPACE, user=CLIENT, channel=CHANNEL,
                            response_url=harness.fake.hook_url("late"))  # fmt: skip
    created = harness.runtime.services.clock.now() - timedelta(minutes=1)
    return QueuedReply(id=1, platform=Platform.SLACK, lane=CHANNEL, address=address,
                       reply=Reply(message=Message(text=text), audience=Audience.CHANNEL),
                       created_at=created, attempts=1)  # fmt: skip


async def test_a_grid_workspace_is_posted_to_with_the_orgs_token_after_a_restart(
    migrated_url: str, fake: FakeSlack
) -> None:
    async with await build_runtime(settings(migrated_url, fake)) as runtime:
        async with serving(runtime, fake) as first:
            assert await install(first, "code-grid") == 200
            await first.core(CreateProject(key="acme", name="Acme rebrand", client="Acme Co.",
                                           locale="en"), operator(None))  # fmt: skip
            pm = Identity(platform=Platform.SLACK, tenant=WORKSPACE, user_id=PM)
            await first.core(AddMember(role=Role.PM, identity=pm, display_name="Paula"))
            # The PM binds the project from a workspace of the org, as Slack sends it.
            bound = await first.slash("project bind acme", user=PM, team_id=WORKSPACE,
                                      enterprise_id=ORG, channel_id=CHANNEL)  # fmt: skip
            assert bound.status == 200
            async with runtime.services.uow() as uow:
                project = await uow.projects.get_by_key("acme")
                assert project is not None
                assert [b.tenant for b in await uow.projects.bindings(project.id)] == [WORKSPACE]

    fake.calls.clear()
    # A new process on the same database: nothing remembered but what the database keeps.
    async with await build_runtime(settings(migrated_url, fake)) as runtime:
        async with serving(runtime, fake) as restarted:
            await restarted.adapter.runner.courier.deliver(channel_record(restarted, "FB-1 logged"))
            [posted] = await fake.wait_call("chat.postMessage")
            assert posted.args["channel"] == CHANNEL and posted.args["text"] == "FB-1 logged"
            assert posted.token == ORG_TOKEN
            async with runtime.services.uow() as uow:
                assert await uow.projects.binding_problems(project.id) == {}
