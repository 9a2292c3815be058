"""`signoff member add KEY --teams-user EMAIL`: the AAD object id read from the roster of a Teams
conversation the project is bound to (the fake connector's pagedmembers, page by page)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main
from adapters.teams import translate
from bot.commands import BindConversation, CreateProject
from tests.teams.conftest import Teams, fixture
from tests.teams.fake_graph import APP, FakeGraph

ALICE = "6c8f3a1e-0b2d-4c5e-9f70-1a2b3c4d5e6f"


def member(aad: str, name: str, email: str, upn: str = "") -> dict[str, Any]:
    """A TeamsChannelAccount as pagedmembers lists it."""
    return {"id": f"29:{name}", "name": name, "aadObjectId": aad, "email": email,
            "userPrincipalName": upn or email, "tenantId": "tenant-1",
            "userRole": "user"}  # fmt: skip


async def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`signoff ARGV` in its own event loop (a thread), as an operator runs it."""
    capsys.readouterr()
    status = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return status, out, err


async def signoff(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Its status and what it said on stderr."""
    status, _, err = await run(capsys, *argv)
    return status, err


@pytest.fixture
async def bound(
    teams: Teams,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Teams:
    """acme bound to a team channel Signoff was added to (so its reference is kept)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED", "1")  # the fake wants no token
    for name in ("MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID"):
        monkeypatch.delenv(name, raising=False)
    install = fixture("conversationUpdate_bot_added_to_team.docs.json")
    install["serviceUrl"] = teams.connector.url
    await teams.post(install)
    await teams.settled()
    where = translate.where(install).conversation
    await teams.run(CreateProject(key="acme", name="Acme", client="Acme Co."))
    await teams.run(BindConversation(key="acme", conversation=where), "acme")
    teams.connector.rosters[where.channel] = [
        member("11111111-1111-1111-1111-111111111111", "Paula", "paula@studio.com"),
        member("22222222-2222-2222-2222-222222222222", "Alan", "alan@client.com"),
        member(ALICE, "Alice Lee", "alice@client.com", "alice.lee@client.onmicrosoft.com"),
    ]
    teams.connector.roster_page = 2  # alice is on the second page
    return teams


async def members(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, out, _ = await run(capsys, "export", "acme")
    assert status == 0
    return {m["user_id"]: m for m in json.loads(out)["members"]}


async def test_an_email_on_the_roster_adds_that_person(
    bound: Teams, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("member", "add", "acme", "--teams-user", "Alice@Client.com", "--role", "approver")
    status, err = await signoff(capsys, *argv)
    assert status == 0, err
    reads = [c for c in bound.connector.calls if c.method == "GET"]
    assert len(reads) == 2  # the second page asked for with the continuation token
    assert ALICE in (await members(capsys))


async def test_the_user_principal_name_is_matched_too(
    bound: Teams, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("member", "add", "acme", "--teams-user", "alice.lee@client.onmicrosoft.com",
            "--role", "client")  # fmt: skip
    status, err = await signoff(capsys, *argv)
    assert status == 0, err
    assert ALICE in (await members(capsys))


async def test_an_email_not_on_the_roster_is_refused_with_the_near_ones(
    bound: Teams, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("member", "add", "acme", "--teams-user", "al@client.com", "--role", "client")
    status, err = await signoff(capsys, *argv)
    assert status != 0
    assert err.count("\n") == 1
    assert "nobody on the Teams roster has “al@client.com”" in err
    assert "alan@client.com" in err and "alice@client.com" in err
    assert not set(await members(capsys)) & {ALICE}


async def test_a_project_without_a_teams_conversation_cannot_look_anyone_up(
    bound: Teams, capsys: pytest.CaptureFixture[str]
) -> None:
    await bound.run(CreateProject(key="beta", name="Beta", client="Beta Co."))
    argv = ("member", "add", "beta", "--teams-user", "alice@client.com", "--role", "client")
    status, err = await signoff(capsys, *argv)
    assert status != 0
    assert "beta has no Teams conversation Signoff was added to" in err
    assert "once someone writes in that channel after Signoff was added" in err


@pytest.mark.parametrize("password", [APP[1], "wrong-secret"])
async def test_a_registered_app_signs_in_for_the_connector_first(
    bound: Teams,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    tmp_path: Path,
    password: str,
) -> None:
    async with FakeGraph(bound.connector) as login:
        config = tmp_path / "signoff.yaml"
        teams = {"app_id": APP[0], "app_password": password, "app_tenant_id": "tenant-1",
                 "login_url": login.url}  # fmt: skip
        config.write_text(json.dumps({"database": {"url": database_url}, "teams": teams}))
        argv = ("member", "add", "acme", "--teams-user", "alice@client.com", "--role", "client",
                "--config", str(config))  # fmt: skip
        status, err = await signoff(capsys, *argv)
    assert login.token_requests[0]["scope"] == "https://api.botframework.com/.default"
    if password == APP[1]:
        assert status == 0, err
        assert ALICE in (await members(capsys))
    else:
        assert status != 0
        assert "Microsoft sign-in refused the app's id and password" in err
        assert ALICE not in (await members(capsys))
