"""A rotation done too early (SIGNOFF_ENCRYPTION_KEY_PREVIOUS dropped before every workspace
installed again): the installation no key opens is treated as not installed, and the command is
answered as in any workspace without the app, never with an HTTP 500."""

from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet
from fake_slack import FakeSlack
from slack_harness import CLIENT, serving, slack_settings
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, KEY, TOKEN_A, install

from adapters.composition import build_runtime

NEW_KEY = Fernet.generate_key().decode()


async def test_an_installation_no_key_opens_is_answered_like_an_uninstalled_one(
    migrated_url: str, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    before = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                            client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with await build_runtime(before) as runtime, serving(runtime, fake) as harness:
        assert await install(harness, "code-a") == 200
        await harness.seed()  # project acme, bound in T111

    after = before.model_copy(
        update={"slack": before.slack.model_copy(update={"encryption_secret": NEW_KEY})}
    )
    caplog.set_level(logging.INFO)
    async with await build_runtime(after) as runtime, serving(runtime, fake) as harness:
        for _ in range(2):
            answer = await harness.slash("the logo", command="/feedback", user=CLIENT,
                                         team_id="T111", enterprise_id="")  # fmt: skip
            assert answer.status == 200
            told = (await fake.wait_hook())[0].args
            assert "install this app" in told["text"]
            fake.hooks.clear()
        async with runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            assert project is not None
            assert await uow.feedback.list(project.id) == []

    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    undecryptable = [m for m in errors if "cannot be decrypted" in m]
    assert len(undecryptable) == 1 and "T111" in undecryptable[0], errors
    assert not [m for m in errors if TOKEN_A in m or KEY in m or NEW_KEY in m]
