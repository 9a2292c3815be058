"""The CLI's Slack name lookups in OAuth mode (no SLACK_BOT_TOKEN): asked with the stored
installation's bot token of the workspace `--slack-team` names, and, for a workspace without
one, one line saying to install the app there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from fake_slack import INSTALLS, FakeSlack
from slack_harness import Harness, serving, slack_settings
from test_slack_lookup import channel, person
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, KEY, TOKEN_B, install

from adapters.cli import main
from adapters.composition import build_runtime


@pytest.fixture
async def installed(
    migrated_url: str, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> AsyncIterator[Harness]:
    """Two workspaces installed (T111, T222), and the environment an operator's shell has."""
    settings = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with await build_runtime(settings) as runtime, serving(runtime, fake) as harness:
        assert await install(harness, "code-a") == 200
        assert await install(harness, "code-b") == 200
        monkeypatch.chdir(str(tmp_path))  # no app.yaml: the environment's settings
        monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        for name, value in (("DATABASE_URL", migrated_url), ("SLACK_API_URL", fake.api_url),
                            ("SLACK_CLIENT_ID", CLIENT_ID), ("SLACK_CLIENT_SECRET", CLIENT_SECRET),
                            ("SIGNOFF_ENCRYPTION_KEY", KEY)):  # fmt: skip
            monkeypatch.setenv(name, value)
        fake.channels = [channel("C0ACMEDES", "acme-design")]
        fake.users = [person("U0ALICE01", "alice", "Alice Lee", "alice@studio.com")]
        yield harness


async def signoff(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    status = await asyncio.to_thread(main, list(argv))
    return status, capsys.readouterr().err


async def test_lookups_use_the_named_workspaces_installation(
    installed: Harness, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = await signoff(capsys, "project", "create", "acme", "--name", "Acme",
                                "--client", "Acme")  # fmt: skip
    assert status == 0, err
    bind = ("project", "bind", "acme", "--slack-channel", "#acme-design", "--slack-team", "T222")
    status, err = await signoff(capsys, *bind)
    assert status == 0, err
    add = ("member", "add", "acme", "--slack-user", "alice@studio.com", "--slack-team", "T222",
           "--role", "pm")  # fmt: skip
    status, err = await signoff(capsys, *add)
    assert status == 0, err

    asked = fake.called("conversations.list") + fake.called("users.lookupByEmail")
    assert asked and {call.token for call in asked} == {TOKEN_B}
    async with installed.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        bound = await uow.projects.bindings(project.id)
    assert [(c.tenant, c.channel) for c in bound] == [("T222", "C0ACMEDES")]


async def test_a_workspace_without_an_installation_is_told_to_install_the_app(
    installed: Harness, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await signoff(capsys, "project", "create", "acme", "--name", "Acme", "--client", "Acme")
    bind = ("project", "bind", "acme", "--slack-channel", "#acme-design", "--slack-team", "T999")
    status, err = await signoff(capsys, *bind)
    assert status != 0 and err.count("\n") == 1
    assert "workspace T999" in err and "install the app there at /slack/install" in err
    assert fake.called("conversations.list") == []

    status, err = await signoff(capsys, *bind[:-2])  # no --slack-team: whose installation?
    assert status != 0 and "needs --slack-team" in err


async def test_a_grid_workspace_that_never_wrote_is_found_in_its_org(
    installed: Harness, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    """An org-wide install covers workspaces Signoff has never heard from: the CLI finds the
    one named among the org's (auth.teams.list) and asks with the org's token."""
    assert await install(installed, "code-grid") == 200
    org_token = INSTALLS["code-grid"]["access_token"]
    fake.granted[org_token] = [{"id": "T444", "name": "Studio North"}]
    await signoff(capsys, "project", "create", "acme", "--name", "Acme", "--client", "Acme")
    bind = ("project", "bind", "acme", "--slack-channel", "#acme-design", "--slack-team", "T444")
    status, err = await signoff(capsys, *bind)
    assert status == 0, err
    assert {call.token for call in fake.called("conversations.list")} == {org_token}
    async with installed.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        bound = await uow.projects.bindings(project.id)
    assert [(c.tenant, c.channel) for c in bound] == [("T444", "C0ACMEDES")]
