"""Files shared in Slack in OAuth mode, over real HTTP: each workspace's files are read with its
own installation's bot token (the fake serves a file to that token alone) and the export pins
each version to its own bytes; a workspace uninstalled before its file was read leaves the file
without a fingerprint; and a file recorded before the workspace was (its source the download
link alone) still reads with the one token of single-token mode."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from slack_harness import PM, Harness, operator, serving, slack_settings
from test_slack_files import PDF, eventually, mention, shortcut, stored_files
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, KEY, TOKEN_A, TOKEN_B, install
from test_slack_signoff_rules import posted

from adapters.composition import build_runtime
from adapters.slack.files import located, shared_files
from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject, SubmitMilestone
from bot.model import Conversation, Deliverable, DeliverableKind, Identity, Platform, Role
from bot.queries import export_project

PNG = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 300  # beta's file: other bytes


@pytest.fixture
async def oauth(migrated_url: str, fake: FakeSlack) -> AsyncIterator[Harness]:
    """OAuth mode (no SLACK_BOT_TOKEN) with workspaces T111 and T222 installed."""
    settings = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with await build_runtime(settings) as runtime, serving(runtime, fake) as harness:
        assert await install(harness, "code-a") == 200
        assert await install(harness, "code-b") == 200
        yield harness


async def studio(harness: Harness, key: str, team: str, channel: str) -> None:
    """Project `key` bound to `channel` of workspace `team`, its PM W111, milestone M-1."""
    await harness.core(
        CreateProject(key=key, name=f"{key} site", client="Client", locale="en"), operator(None)
    )
    where = Conversation(platform=Platform.SLACK, tenant=team, channel=channel)
    await harness.core(BindConversation(key=key, conversation=where), operator(key))
    pm = Identity(platform=Platform.SLACK, tenant=team, user_id=PM)
    await harness.core(AddMember(role=Role.PM, identity=pm, display_name="Paula"), operator(key))
    await harness.core(AddMilestone(name="Print", due="2030-01-15"), operator(key))


def from_team(payload: dict, team: str, channel: str) -> dict:
    """A payload of test_slack_files' from workspace `team` outside any Grid org (as installed)."""
    payload["enterprise_id"] = None
    if "event" in payload:
        payload.update(team_id=team)
        payload["event"].update(team=team, channel=channel)
    else:
        payload["team"] = {"id": team, "domain": team.lower()}
        payload["user"]["team_id"] = team
        payload["channel"] = {"id": channel, "name": channel.lower()}
    return payload


async def exported_files(harness: Harness, key: str, *, read: bool = True) -> list[dict]:
    """The files of `key`'s M-1 v1 as the export has them, once read (or given up on)."""

    async def files() -> list[dict] | None:
        record = await export_project(key, harness.runtime.services)
        [version] = record["milestones"][0]["versions"]
        found = [d for d in version["deliverables"] if d["kind"] == "file"]
        return found if not read or all(d["sha256"] for d in found) else None

    return await eventually(files)


async def test_each_workspaces_files_are_read_with_its_own_token(oauth: Harness) -> None:
    await studio(oauth, "acme", "T111", "C111")
    await studio(oauth, "beta", "T222", "C222")
    pdf = oauth.fake.share_file("Acme print.pdf", PDF, team="T111")
    png = oauth.fake.share_file("Beta logo.png", PNG, mimetype="image/png", team="T222")

    # acme's PM mentions Signoff with the file; beta's uses the shortcut on a message.
    await oauth.event(from_team(mention(oauth, "submit M-1 print", files=[pdf]), "T111", "C111"))
    await oauth.interact(from_team(shortcut(oauth, "M-1 logo", files=[png]), "T222", "C222"))
    await posted(oauth, lambda args: args["channel"] == "C111" and "blocks" in args)
    await posted(oauth, lambda args: args["channel"] == "C222" and "blocks" in args)

    [acme] = await exported_files(oauth, "acme")
    [beta] = await exported_files(oauth, "beta")
    assert (acme["name"], acme["sha256"], acme["size"]) == (
        "Acme print.pdf", hashlib.sha256(PDF).hexdigest(), len(PDF),
    )  # fmt: skip
    assert (beta["name"], beta["sha256"], beta["size"]) == (
        "Beta logo.png", hashlib.sha256(PNG).hexdigest(), len(PNG),
    )  # fmt: skip
    # Each read once, with its own workspace's token (the other's would get a sign-in page).
    assert oauth.fake.reads_of == {pdf["id"]: [f"Bearer {TOKEN_A}"],
                                   png["id"]: [f"Bearer {TOKEN_B}"]}  # fmt: skip


async def test_a_file_of_a_workspace_uninstalled_before_its_read_keeps_no_fingerprint(
    oauth: Harness,
) -> None:
    await studio(oauth, "acme", "T111", "C111")
    worker = oauth.adapter.fingerprints
    assert worker is not None
    await worker.stop()  # the read is run below, once the workspace is gone
    pdf = oauth.fake.share_file("Acme print.pdf", PDF, team="T111")
    await oauth.event(from_team(mention(oauth, "submit M-1 print", files=[pdf]), "T111", "C111"))
    await posted(oauth, lambda args: "blocks" in args)
    gone = from_team(mention(oauth, "", files=[]), "T111", "C111")
    gone.update(event={"type": "app_uninstalled"}, event_id="EvGone")
    assert (await oauth.event(gone)).status == 200

    assert await worker.run_once() == 1
    [kept] = await exported_files(oauth, "acme", read=False)
    assert (kept["name"], kept["sha256"], kept["size"]) == ("Acme print.pdf", None, len(PDF))
    assert oauth.fake.file_reads == []  # no token went anywhere for it
    # Given up on, as a deleted file is: the version no longer says where to read it.
    [stored] = await stored_files(oauth)
    assert (stored.name, stored.source) == ("Acme print.pdf", "")


async def test_a_file_recorded_without_its_workspace_still_reads_with_the_one_token(
    slack: Harness, fake: FakeSlack
) -> None:
    await slack.seed()
    pdf = fake.share_file("Print.pdf", PDF)
    # As a submit before the workspace was recorded wrote it: "slack:" and the download link.
    old = Deliverable(name="Print.pdf", url=pdf["permalink"], kind=DeliverableKind.FILE,
                      size=len(PDF), source=f"slack:{pdf['url_private_download']}")  # fmt: skip
    await slack.core(SubmitMilestone(number=1, files=(old,)), operator("acme"))

    [read] = await exported_files(slack, "acme")
    assert (read["sha256"], read["size"]) == (hashlib.sha256(PDF).hexdigest(), len(PDF))
    assert fake.reads_of == {pdf["id"]: ["Bearer xoxb-not-a-real-token"]}


def test_a_source_names_its_workspace_or_is_the_link_alone() -> None:
    """The old form must not be taken for a team "https" and a link without its scheme."""
    link = "https://files.slack.com/files-pri/T111-F1/download/print.pdf"
    assert located(f"T111:{link}") == ("T111", link)
    assert located(link) == ("", link)
    [new] = shared_files([{"url_private_download": link, "title": "Print"}], team="T111")
    [old] = shared_files([{"url_private_download": link, "title": "Print"}], team="")
    assert (new.source, old.source) == (f"slack:T111:{link}", f"slack:{link}")
