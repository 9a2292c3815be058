"""The `pages:` settings: the address and the secret come from the environment; a secret too
short to sign with stops `signoff run` without showing it; a link in a log line is masked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from adapters.composition import StartupError, build_runtime
from adapters.config import ConfigError, settings_from_mapping
from adapters.logs import _Masking
from bot.pages import new_link_id, sign

SECRET = "s3cret-" * 6


def database(tmp_path: Path) -> dict:
    return {"database": {"url": f"sqlite:///{tmp_path / 'x.db'}"}}


async def test_the_environment_turns_pages_on(tmp_path: Path) -> None:
    env = {"SIGNOFF_PUBLIC_URL": "https://signoff.example.com/", "SIGNOFF_PAGE_SECRET": SECRET}
    settings = settings_from_mapping(database(tmp_path), env=env)
    assert SECRET not in repr(settings)
    async with await build_runtime(settings) as runtime:
        site = runtime.services.policy.pages
        assert site.enabled and site.url("t") == "https://signoff.example.com/p/t"


async def test_without_them_pages_are_off(tmp_path: Path) -> None:
    async with await build_runtime(settings_from_mapping(database(tmp_path), env={})) as runtime:
        assert not runtime.services.policy.pages.enabled


async def test_a_short_secret_stops_the_start_without_showing_it(tmp_path: Path) -> None:
    settings = settings_from_mapping(database(tmp_path), env={"SIGNOFF_PAGE_SECRET": "hunter22"})
    with pytest.raises(StartupError) as refused:
        await build_runtime(settings)
    assert "shorter than 32 characters" in str(refused.value)
    assert "hunter22" not in str(refused.value)


def test_a_public_url_that_is_no_web_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"pages\.public_url: expected the address"):
        settings_from_mapping({**database(tmp_path), "pages": {"public_url": "signoff.local"}},
                              env={})  # fmt: skip


def test_a_link_in_a_log_line_is_masked() -> None:
    token = sign(SECRET, new_link_id())
    record = logging.LogRecord("aiohttp.access", logging.INFO, __file__, 1,
                               '127.0.0.1 "GET /p/%s HTTP/1.1" 200', (token,), None)  # fmt: skip
    line = _Masking(secrets=(), json_lines=False).format(record)
    assert token not in line and '"GET /p/*** HTTP/1.1" 200' in line
