"""README's connect guides, followed as a newcomer would: every `signoff …` line in their shell
blocks is run, in order, with the variables their `export` lines set, against a fake Slack (and,
for Teams, against nothing Microsoft's: the package and the binding need no network).

Placeholders (`xoxb-…`) become test values; what each step says "you should see" is asserted.
The last tests check that every `signoff` line of these sections is in a guide followed here,
and that each step says what you should see.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import socket
import sys
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import yaml
from cryptography.fernet import Fernet
from fake_slack import FakeSlack

from adapters.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Each guide: its section, and the bold paragraph it starts at (a new terminal: no variable of
# an earlier guide carries over), up to the next guide's start or the section's end.
GUIDES = {
    "slack socket mode": ("## Connect to Slack", "**A. Socket Mode"),
    "slack http": ("## Connect to Slack", "**B. HTTP"),
    "slack oauth": ("## Connect to Slack", "**C. Many workspaces"),
    "teams": ("## Connect to Microsoft Teams", "1. **Register the bot.**"),
    "emulator": ("## Connect to Microsoft Teams", "**Trying it locally"),
    "deploy": ("## Deploy", ""),
}
PLACEHOLDERS = {"xoxb-…": "xoxb-test-token", "xapp-…": "xapp-test-token", "…": "a-signing-secret"}
# What the guide has the reader make: the key its `python -c …` line prints.
MADE = {"SIGNOFF_ENCRYPTION_KEY": Fernet.generate_key().decode()}


def section(heading: str) -> str:
    return README.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def guide_text(name: str) -> str:
    heading, start = GUIDES[name]
    text = section(heading)
    text = text[text.index(start) :] if start else text
    later = [m for h, m in GUIDES.values() if h == heading and m and m != start and m in text]
    return min((text[: text.index(m)] for m in later), key=len, default=text)


def shell_lines(text: str) -> list[str]:
    """The lines of the guide's ```sh blocks, without comments."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    lines = [re.sub(r"\s+#.*$", "", line).strip() for b in blocks for line in b.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def is_signoff(line: str) -> bool:
    return bool(re.match(r"^(?:[A-Z_]+=\S+\s+)*signoff\s", line))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Reader:
    """Follows one guide: `export` lines set variables, `signoff` lines run."""

    def __init__(self, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, cwd: Path) -> None:
        self.env, self.monkeypatch, self.cwd = env, monkeypatch, cwd
        self.outputs: list[tuple[str, int, str]] = []  # (line, exit status, what it printed)
        self.runs: list[str] = []  # the `signoff run` start lines

    async def follow(self, name: str) -> None:
        for line in shell_lines(guide_text(name)):
            if line.startswith("export "):
                for assignment in shlex.split(line.removeprefix("export ")):
                    key, value = assignment.split("=", 1)
                    self.env[key] = MADE.get(key) or PLACEHOLDERS.get(value, value)
            elif is_signoff(line):
                await self.signoff(line)

    async def signoff(self, line: str) -> None:
        env = dict(self.env)
        while (prefix := re.match(r"^([A-Z_]+)=(\S+)\s+", line)) is not None:
            env[prefix[1]] = prefix[2]
            line = line[prefix.end() :]
        line = re.sub(r"\$(\w+)", lambda m: env[m[1]], line)
        words = shlex.split(line)
        if words[1] == "run":
            self.runs.append(await serve(words, env, self.cwd))
            return
        target = None
        if ">" in words:
            target, words = words[words.index(">") + 1], words[: words.index(">")]
        for key, value in env.items():
            self.monkeypatch.setenv(key, value)
        capsys_out = await asyncio.to_thread(run_main, words[1:])
        self.outputs.append((line, *capsys_out))
        if target:
            (self.cwd / target).write_text(capsys_out[1], encoding="utf-8")


def run_main(argv: list[str]) -> tuple[int, str]:
    """The CLI in this process (its own event loop, in a thread), with its output captured."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue() + err.getvalue()


async def serve(words: list[str], env: dict[str, str], cwd: Path) -> str:
    """`signoff run` as its own process, until it is healthy (and Socket Mode connected, when
    on), then SIGTERM; its start line."""
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", *words[1:],
        cwd=cwd, env={**env, "PORT": str(port)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    socket_mode = bool(env.get("SLACK_APP_TOKEN"))
    try:
        deadline = asyncio.get_running_loop().time() + 60
        async with aiohttp.ClientSession() as http:
            while True:
                assert server.returncode is None, await server.communicate()
                assert asyncio.get_running_loop().time() < deadline, "not ready within 60 s"
                try:
                    async with http.get(f"http://127.0.0.1:{port}/readyz") as answer:
                        body = await answer.json()
                        if body.get("slack", "connected") == "connected" or not socket_mode:
                            if answer.status == 200:
                                break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)  # poll again
        server.terminate()
        _, err = await asyncio.wait_for(server.communicate(), timeout=30)
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
    assert server.returncode == 0, err
    return next(line for line in err.decode().splitlines() if "Surfaces:" in line)


@pytest.fixture
def base_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A newcomer's terminal: the repository's app.yaml, a fresh SQLite database."""
    monkeypatch.chdir(tmp_path)
    keep = {k: v for k, v in os.environ.items() if not re.match(r"SLACK_|MICROSOFT_|SIGNOFF_", k)}
    for key in set(os.environ) - set(keep):
        monkeypatch.delenv(key)
    return {**keep, "SIGNOFF_CONFIG": str(ROOT / "app.yaml"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'signoff.db'}"}  # fmt: skip


@pytest.fixture
async def workspace() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        fake.channels = [{"id": "C0ACME01", "name": "acme-design", "is_private": False}]
        fake.users = [{"id": "U0ALICE1", "name": "alice", "real_name": "Alice",
                       "profile": {"email": "alice@studio.com", "real_name": "Alice"}}]  # fmt: skip
        yield fake


async def test_the_socket_mode_guide(
    base_env: dict[str, str], workspace: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader({**base_env, "SLACK_API_URL": workspace.api_url}, monkeypatch, tmp_path)
    await reader.follow("slack socket mode")
    manifest = yaml.safe_load((tmp_path / "slack-manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "Slack Socket Mode on" in reader.runs[0] and "Slack HTTP off" in reader.runs[0]
    printed = {line.split()[1]: (status, out) for line, status, out in reader.outputs}
    assert printed["doctor"][0] == 0 and "All checks passed." in printed["doctor"][1]
    said = [out.strip() for _, status, out in reader.outputs if status == 0]
    assert "This conversation is now bound to acme." in said
    assert "Alice is now PM on acme." in said
    assert all(status == 0 for _, status, _ in reader.outputs), reader.outputs


async def test_the_http_guide(
    base_env: dict[str, str], workspace: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader({**base_env, "SLACK_API_URL": workspace.api_url}, monkeypatch, tmp_path)
    await reader.follow("slack http")
    [(_, status, out)] = reader.outputs
    assert status == 0
    assert "request_url: https://signoff.example.com/slack/events" in out
    assert "Slack HTTP on" in reader.runs[0] and "Slack Socket Mode off" in reader.runs[0]


async def test_the_oauth_guide(
    base_env: dict[str, str], workspace: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader({**base_env, "SLACK_API_URL": workspace.api_url}, monkeypatch, tmp_path)
    await reader.follow("slack oauth")
    [(_, status, out)] = reader.outputs
    assert status == 0
    assert "https://signoff.example.com/slack/oauth_redirect" in out
    assert "Slack HTTP on" in reader.runs[0]


async def test_the_teams_guide(
    base_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader(dict(base_env), monkeypatch, tmp_path)
    # Given a project, as `@Signoff project create acme …` in chat would have made it.
    monkeypatch.setenv("DATABASE_URL", base_env["DATABASE_URL"])
    given = ["project", "create", "acme", "--name", "Acme", "--client", "Acme Co."]
    assert (await asyncio.to_thread(run_main, given))[0] == 0
    await reader.follow("teams")
    assert "Teams on;" in reader.runs[0]
    said = {line.split()[1]: out for line, status, out in reader.outputs if status == 0}
    assert "Wrote the Teams app package signoff-teams.zip" in said["manifest"]
    assert "manifest.json" in zipfile.ZipFile(tmp_path / "signoff-teams.zip").namelist()
    assert said["project"].strip() == "This conversation is now bound to acme."


async def test_the_emulator_guide(
    base_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Reader(dict(base_env), monkeypatch, tmp_path)
    await reader.follow("emulator")
    assert reader.runs == [
        next(line for line in reader.runs if "Teams on without authentication" in line)
    ]


def test_every_signoff_line_of_the_connect_and_deploy_sections_is_in_a_guide_followed_above() -> (
    None
):
    followed = {"slack socket mode", "slack http", "slack oauth", "teams", "emulator"}  # above
    every = {
        line for name in followed for line in shell_lines(guide_text(name)) if is_signoff(line)
    }
    in_sections = {
        line
        for heading in {h for h, _ in GUIDES.values()}
        for line in shell_lines(section(heading))
        if is_signoff(line)
    }
    assert in_sections == every
    assert {
        "signoff run",
        "signoff doctor",
        "signoff manifest slack --socket-mode > slack-manifest.yaml",
    } <= every


def test_every_step_of_the_guides_says_what_you_should_see() -> None:
    for name in ("slack socket mode", "slack http", "teams"):  # C's last steps are advice
        steps = re.split(r"\n\d\. \*\*", guide_text(name))[1:]
        assert len(steps) >= 2, name
        for step in steps:
            assert "*You should see*" in " ".join(step.split()), (name, step[:60])
    assert "*You should see*" in guide_text("emulator")
