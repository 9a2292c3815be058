"""Many workspaces: the OAuth install over HTTP against the fake's oauth.v2.access, each
workspace answered with its own token, tokens sealed in the database and masked in the logs,
uninstall, and a key rotation."""

from __future__ import annotations

import asyncio
import copy
import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fake_slack import INSTALLS, FakeSlack
from slack_harness import CHANNEL, CLIENT, Harness, inbound, operator, serving, slack_settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from yarl import URL

from adapters.composition import build_runtime
from adapters.logs import _Masking
from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform, Role

KEY = Fernet.generate_key().decode()
CLIENT_ID, CLIENT_SECRET = "1234.5678", "oauth-client-secret-value"
TOKEN_A, TOKEN_B = INSTALLS["code-a"]["access_token"], INSTALLS["code-b"]["access_token"]


@pytest.fixture
async def oauth(migrated_url: str, fake: FakeSlack) -> AsyncIterator[Harness]:
    settings = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as harness:
            yield harness


async def install(harness: Harness, code: str) -> int:
    """A browser's way through: /slack/install, Slack's consent (skipped), the redirect back."""
    start = await harness.client.get("/slack/install", allow_redirects=False)
    assert start.status == 302
    authorize = URL(start.headers["Location"])
    assert authorize.host == "slack.com" and authorize.query["client_id"] == CLIENT_ID
    assert "chat:write" in authorize.query["scope"].split(",")
    state = authorize.query["state"]
    back = await harness.client.get(
        "/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
        allow_redirects=False,
    )
    return back.status


async def sealed_rows(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM slack_installations"))
        return [" ".join(str(value) for value in row) for row in rows]


async def test_an_install_is_kept_and_each_workspace_is_answered_with_its_own_token(
    oauth: Harness, engine: AsyncEngine
) -> None:
    assert await install(oauth, "code-a") == 200
    assert await install(oauth, "code-b") == 200
    exchange = oauth.fake.called("oauth.v2.access")
    assert [call.args["code"] for call in exchange] == ["code-a", "code-b"]
    assert len(await sealed_rows(engine)) == 2

    await oauth.seed(tenant="T222")
    await oauth.slash("the logo is too small", command="/feedback", user=CLIENT,
                      team_id="T222", enterprise_id="")  # fmt: skip
    posted = (await oauth.fake.wait_call("chat.postMessage"))[0]
    assert posted.args["channel"] == CHANNEL and "FB-1" in posted.args["text"]
    assert posted.token == TOKEN_B  # the second workspace's own, not the first's
    assert {call.token for call in oauth.fake.calls if call.method != "oauth.v2.access"} <= {
        TOKEN_A,
        TOKEN_B,
    }


async def test_a_state_not_handed_out_installs_nothing(oauth: Harness, engine: AsyncEngine) -> None:
    back = await oauth.client.get(
        "/slack/oauth_redirect",
        params={"code": "code-a", "state": "forged"},
        headers={"Cookie": "slack-app-oauth-state=forged"},
    )
    assert back.status >= 400
    assert oauth.fake.called("oauth.v2.access") == []
    assert await sealed_rows(engine) == []


async def test_no_token_is_kept_in_the_clear_or_logged(
    oauth: Harness, engine: AsyncEngine, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    written = io.StringIO()
    masked = logging.StreamHandler(written)
    masked.setFormatter(_Masking(secrets=[CLIENT_SECRET], json_lines=False))
    root = logging.getLogger()
    root.addHandler(masked)
    caplog.set_level(logging.DEBUG)  # slack_sdk logs the answers it receives at DEBUG
    try:
        assert await install(oauth, "code-a") == 200
    finally:
        root.removeHandler(masked)
    rows = await sealed_rows(engine)
    assert len(rows) == 1 and "xox" not in rows[0] and "T111" in rows[0]
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert b"T111" in stored and b"xoxb-" not in stored
    assert TOKEN_A.split("-")[1] in caplog.text  # the debug log did see the answer …
    assert "xoxb-" not in written.getvalue().replace("xoxb-***", "")  # … our lines mask it
    assert TOKEN_A not in written.getvalue() and CLIENT_SECRET not in written.getvalue()
    ours = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert ours and not any("xoxb-" in r.getMessage() for r in ours)


async def test_uninstall_removes_the_workspace_and_refuses_it_later(
    oauth: Harness, engine: AsyncEngine
) -> None:
    assert await install(oauth, "code-a") == 200
    assert await install(oauth, "code-b") == 200
    await oauth.seed()  # project acme, bound in T111
    gone = copy.deepcopy(inbound("event_callback_app_mention.json"))
    gone.update(enterprise_id=None, event={"type": "app_uninstalled"}, event_id="Ev222")
    assert (await oauth.event(gone)).status == 200
    rows = await sealed_rows(engine)
    assert len(rows) == 1 and "T222" in rows[0]

    async with oauth.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        problems = await uow.projects.binding_problems(project.id)
    assert list(problems.values()) == ["token_revoked"]

    before = len(oauth.fake.calls)
    refused = await oauth.slash("the logo", command="/feedback", user=CLIENT,
                                team_id="T111", enterprise_id="")  # fmt: skip
    assert refused.status == 200
    told = (await oauth.fake.wait_hook())[0].args  # bolt's answer, at the response_url
    assert "install this app" in told["text"]
    async with oauth.runtime.services.uow() as uow:
        assert await uow.feedback.list(project.id) == []
    assert oauth.fake.calls[before:] == []  # no token was looked for, nothing posted


async def project_in(harness: Harness, key: str, team: str, channel: str) -> None:
    """Project `key` bound to `channel` of workspace `team`, with its client W333."""
    await harness.core(
        CreateProject(key=key, name=f"{key} site", client="Client", locale="en"), operator(None)
    )
    where = Conversation(platform=Platform.SLACK, tenant=team, channel=channel)
    await harness.core(BindConversation(key=key, conversation=where), operator(key))
    who = Identity(platform=Platform.SLACK, tenant=team, user_id=CLIENT)
    await harness.core(
        AddMember(role=Role.CLIENT, identity=who, display_name="Cleo"), operator(key)
    )
    await harness.core(AddMilestone(name="Concepts", due="2030-01-15"), operator(key))


async def test_two_workspaces_in_one_process_stay_apart(oauth: Harness) -> None:
    assert await install(oauth, "code-a") == 200
    assert await install(oauth, "code-b") == 200
    await project_in(oauth, "acme", "T111", CHANNEL)
    await project_in(oauth, "beta", "T222", "C222")
    for team, channel, said in (("T222", "C222", "beta's note"), ("T111", CHANNEL, "acme's note")):
        await oauth.slash(said, command="/feedback", user=CLIENT, team_id=team,
                          channel_id=channel, enterprise_id="")  # fmt: skip
    posts = await oauth.fake.wait_call("chat.postMessage", 2)
    by_token = {call.token: (call.args["channel"], call.args["text"]) for call in posts}
    assert by_token[TOKEN_B][0] == "C222" and "beta's note" in by_token[TOKEN_B][1]
    assert by_token[TOKEN_A][0] == CHANNEL and "acme's note" in by_token[TOKEN_A][1]
    async with oauth.runtime.services.uow() as uow:
        for key, note in (("acme", "acme's note"), ("beta", "beta's note")):
            project = await uow.projects.get_by_key(key)
            assert [f.text for f in await uow.feedback.list(project.id)] == [note]


async def test_a_burst_from_two_workspaces_at_once_stays_apart(oauth: Harness) -> None:
    assert await install(oauth, "code-a") == 200
    assert await install(oauth, "code-b") == 200
    await project_in(oauth, "acme", "T111", CHANNEL)
    await project_in(oauth, "beta", "T222", "C222")
    places = {"acme": ("T111", CHANNEL, TOKEN_A), "beta": ("T222", "C222", TOKEN_B)}
    burst = [(key, f"{key}'s note {n}") for n in range(8) for key in places]

    async def say(key: str, note: str) -> None:
        team, channel, _ = places[key]
        await oauth.slash(note, command="/feedback", user=CLIENT, team_id=team,
                          channel_id=channel, enterprise_id="")  # fmt: skip

    await asyncio.gather(*(say(key, note) for key, note in burst))
    posts = await oauth.fake.wait_call("chat.postMessage", len(burst))
    # Every post went to its own workspace's channel with that workspace's token, and said
    # only what was said there.
    for call in posts:
        key = "acme" if call.args["channel"] == CHANNEL else "beta"
        other = "beta" if key == "acme" else "acme"
        assert call.token == places[key][2], call.args
        assert f"{other}'s note" not in call.args["text"]
    async with oauth.runtime.services.uow() as uow:
        for key in places:
            project = await uow.projects.get_by_key(key)
            kept = sorted(f.text for f in await uow.feedback.list(project.id))
            assert kept == sorted(note for k, note in burst if k == key)
