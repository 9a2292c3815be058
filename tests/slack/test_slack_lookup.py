"""The admin CLI takes the names people know (#channel, @person, an email) and asks the fake Slack
for their ids; a name naming nobody or several is one line, a non-zero exit, nothing stored."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from fake_slack import FakeSlack

from adapters.cli import main


def channel(id_: str, name: str, *, private: bool = False) -> dict[str, Any]:
    return {"id": id_, "name": name, "name_normalized": name, "is_channel": not private,
            "is_group": private, "is_private": private, "is_archived": False}  # fmt: skip


def person(id_: str, handle: str, real: str, email: str) -> dict[str, Any]:
    return {"id": id_, "team_id": "T0G9PQBBK", "name": handle, "deleted": False,
            "real_name": real, "is_bot": False,
            "profile": {"display_name": "", "real_name": real, "email": email}}  # fmt: skip


class Cli:
    """`signoff …` run as an operator runs it (its own event loop, in a thread), with the bot
    token and the fake Slack's address in the environment."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    async def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        status = await asyncio.to_thread(main, list(argv))
        out, err = self.capsys.readouterr()
        return status, out, err

    async def stored(self) -> dict[str, Any]:
        status, out, _ = await self("export", "acme")
        assert status == 0
        return json.loads(out)


@pytest.fixture
async def cli(
    migrated_url: str,
    fake: FakeSlack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.chdir(tmp_path)  # no app.yaml: the environment's settings
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-not-a-real-token")
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    fake.channels = [
        channel("C0GENERAL", "general"),
        channel("C0ACMEDES", "acme-design"),
        channel("C0ACMEINT", "acme-internal", private=True),
        channel("C0ACMEOLD", "acme-design-old"),
    ]
    fake.users = [
        person("U0ALICE01", "alice", "Alice Lee", "alice@studio.com"),
        person("U0ALAN001", "alan", "Alan Poe", "alan@studio.com"),
        person("U0BOB0001", "bob", "Bob Ray", "bob@client.com"),
    ]
    fake.page_size = 2  # every list takes more than one page
    run = Cli(capsys)
    status, _, err = await run("project", "create", "acme", "--name", "Acme", "--client", "Acme")
    assert status == 0, err
    return run


async def test_a_channel_named_with_its_hash_is_bound_by_its_id(cli: Cli, fake: FakeSlack) -> None:
    status, _, err = await cli("project", "bind", "acme", "--slack-channel", "#acme-internal")
    assert status == 0, err
    assert [b["channel"] for b in (await cli.stored())["bindings"]] == ["C0ACMEINT"]
    pages = fake.called("conversations.list")
    assert len(pages) == 2 and pages[1].args["cursor"]  # the second page asked by its cursor
    assert "private_channel" in pages[0].args["types"]


async def test_the_cursor_leads_to_a_channel_on_the_last_page(cli: Cli, fake: FakeSlack) -> None:
    fake.page_size = 1
    status, _, err = await cli("project", "bind", "acme", "--slack-channel", "#acme-design-old")
    assert status == 0, err
    assert [b["channel"] for b in (await cli.stored())["bindings"]] == ["C0ACMEOLD"]
    cursors = [c.args.get("cursor", "") for c in fake.called("conversations.list")]
    assert len(cursors) == 4 and cursors[0] == "" and len(set(cursors)) == 4


async def test_a_channel_id_is_bound_without_asking_slack(cli: Cli, fake: FakeSlack) -> None:
    status, _, _ = await cli("project", "bind", "acme", "--slack-channel", "C0123ABCD")
    assert status == 0
    assert fake.called("conversations.list") == []


async def test_an_unknown_channel_says_so_and_binds_nothing(cli: Cli) -> None:
    status, out, err = await cli("project", "bind", "acme", "--slack-channel", "#marketing")
    assert status != 0 and out == ""
    assert err.strip() == "signoff: no channel is called “#marketing”"
    assert (await cli.stored())["bindings"] == []


async def test_a_partial_channel_name_lists_the_candidates(cli: Cli) -> None:
    status, _, err = await cli("project", "bind", "acme", "--slack-channel", "#acme")
    assert status != 0
    assert err.count("\n") == 1
    assert "#acme-design (C0ACMEDES)" in err and "#acme-internal (C0ACMEINT)" in err
    assert "say which" in err
    assert (await cli.stored())["bindings"] == []


async def test_a_member_added_by_email_gets_their_id_and_name(cli: Cli, fake: FakeSlack) -> None:
    argv = ("member", "add", "acme", "--slack-user", "bob@client.com", "--role", "approver")
    status, _, err = await cli(*argv)
    assert status == 0, err
    assert fake.called("users.lookupByEmail")[0].args["email"] == "bob@client.com"
    members = {m["user_id"]: m for m in (await cli.stored())["members"]}
    assert "U0BOB0001" in members and members["U0BOB0001"]["ref"] == "Bob Ray"


async def test_an_unknown_email_is_refused(cli: Cli) -> None:
    argv = ("member", "add", "acme", "--slack-user", "carol@client.com", "--role", "client")
    status, _, err = await cli(*argv)
    assert status != 0
    assert err.strip() == "signoff: no Slack user has the email carol@client.com"
    assert "U0" not in json.dumps((await cli.stored())["members"])


async def test_a_handle_is_found_on_a_later_page(cli: Cli, fake: FakeSlack) -> None:
    argv = ("member", "add", "acme", "--slack-user", "@bob", "--role", "client")
    status, _, err = await cli(*argv)
    assert status == 0, err
    assert len(fake.called("users.list")) == 2  # bob is on the second page
    assert "U0BOB0001" in {m["user_id"] for m in (await cli.stored())["members"]}


async def test_a_real_name_finds_them_too(cli: Cli) -> None:
    argv = ("member", "add", "acme", "--slack-user", "@Alan Poe", "--role", "designer")
    status, _, err = await cli(*argv)
    assert status == 0, err
    assert "U0ALAN001" in {m["user_id"] for m in (await cli.stored())["members"]}


async def test_an_ambiguous_handle_lists_who_it_could_be(cli: Cli) -> None:
    argv = ("member", "add", "acme", "--slack-user", "@al", "--role", "designer")
    status, _, err = await cli(*argv)
    assert status != 0
    assert err.strip() == "signoff: “@al” matches @alice (Alice Lee), @alan (Alan Poe); say which"
    assert not {"U0ALICE01", "U0ALAN001"} & {m["user_id"] for m in (await cli.stored())["members"]}


async def test_nobody_by_that_handle(cli: Cli) -> None:
    status, _, err = await cli("member", "add", "acme", "--slack-user", "@zed", "--role", "pm")
    assert status != 0
    assert err.strip() == "signoff: no Slack user is called “@zed”"


async def test_without_a_bot_token_a_name_cannot_be_looked_up(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    status, _, err = await cli("project", "bind", "acme", "--slack-channel", "#acme-design")
    assert status != 0
    # Both ways to a token are named: the one bot token, or an OAuth install of the workspace.
    assert "needs a Slack bot token: set SLACK_BOT_TOKEN" in err
    assert "install the app in the workspace and name it with --slack-team" in err
