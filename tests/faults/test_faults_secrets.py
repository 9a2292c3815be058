"""Secrets never reach the logs: a `signoff run` at DEBUG with every secret configured, fed
good, bad, unauthenticated and failing requests, writes none of them, tracebacks included."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
from faults_harness import (
    Secrets,
    instances,
    leaked,
    seed,
    server_env,
    slack_headers,
    slash_form,
    teams_message,
    until,
    with_password,
)

from tests.slack.fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"


async def test_no_secret_reaches_the_debug_log(
    database_url: str, engine: object, tmp_path: Path
) -> None:
    """The bot token, signing secret and Teams app password (and, on PostgreSQL, the database
    password) stay out of stderr while Slack refuses the token and Teams requests lack one."""
    secret = Secrets()
    is_postgres = database_url.startswith("postgresql")
    url = with_password(database_url, secret.db_password) if is_postgres else database_url
    await seed(url, milestones=1, guests=0)
    async with FakeSlack() as slack, aiohttp.ClientSession() as session:
        env = server_env(
            url,
            secret,
            slack.api_url,
            MICROSOFT_APP_ID="00000000-aaaa-bbbb-cccc-000000000001",
            MICROSOFT_APP_PASSWORD=secret.app_password,
            MICROSOFT_APP_TENANT_ID="tenant-a",
        )
        del env["SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED"]
        slack.answer_error("chat.postMessage", "error.invalid_auth.json", times=3)
        async with instances(env, tmp_path, ("debug",)) as [server]:
            base = server.url
            for text in ("feedback logged while the token is refused", "status", "help"):
                body = slash_form(text, user="W333", response_url=slack.hook_url("s"))
                headers = {"Content-Type": FORM, **slack_headers(body, secret.signing_secret)}
                async with session.post(
                    f"{base}/slack/events", data=body, headers=headers
                ) as answer:
                    assert answer.status == 200
                    slack.shown_in_ack(slack.hook_url("s"), await answer.read())
            forged = {"Content-Type": FORM, **slack_headers("x", "not-the-secret")}
            async with session.post(f"{base}/slack/events", data="x", headers=forged) as answer:
                assert answer.status == 401
            activity = teams_message(
                "status",
                who=("aad-cleo", "Cleo"),
                activity_id="1",
                thread="t",
                service_url="http://127.0.0.1:1/",
            )
            async with session.post(
                f"{base}/api/messages",
                data=json.dumps(activity),
                headers={"Content-Type": "application/json"},
            ) as answer:
                assert answer.status == 401
            await until(
                lambda: len(slack.hooks) >= 2 and slack.called("chat.postMessage"),
                within=20,
                what="the answers",
            )
    log = server.log.read_text()
    assert "invalid_auth" in log and "DEBUG" in log  # the failures were logged, at DEBUG too
    assert leaked([server.log], secret) == []
