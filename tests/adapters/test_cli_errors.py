"""Every admin CLI error is one line on stderr and a non-zero exit, never a traceback: 2 for bad
arguments or configuration, 1 when the bot refused or the world did (a database, a port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import main

REPO = Path(__file__).resolve().parents[2]
NOWHERE_PG = "postgresql://nobody@127.0.0.1:1/x"  # nothing listens on port 1
GUID = "00000000-0000-0000-0000-000000000001"


@pytest.fixture
def studio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A working directory with project acme in its SQLite database; the environment to use."""
    monkeypatch.chdir(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
    env.pop("SIGNOFF_CONFIG", None)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'signoff.db'}", PYTHONPATH=str(REPO))
    monkeypatch.setenv("DATABASE_URL", env["DATABASE_URL"])
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    assert main(["project", "create", "acme", "--name", "Acme", "--client", "Acme Co."]) == 0
    (tmp_path / "bad.yaml").write_text("server: {port: abc}\n")
    return env


def signoff(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """`signoff ARGV` as an operator runs it: its own process, its own stderr (where what the
    scheduler logs while the process ends shows too)."""
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *argv],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "database", "status", "says"),
    [
        (
            ["export", "acme", "--output", "/no/such/dir/x.json"],
            None,
            2,
            "cannot write /no/such/dir/x.json: No such file or directory",
        ),
        (["export", "acme", "--output", "."], None, 2, "cannot write .: Is a directory"),
        (
            ["manifest", "teams", "--app-id", GUID, "--out", "/no/such/dir/x.zip"],
            None,
            2,
            "cannot write /no/such/dir/x.zip: No such file or directory",
        ),
        (["export", "nope"], None, 1, "There is no project “nope”."),
        (
            ["milestone", "add", "nope", "Concepts", "--due", "2030-01-15"],
            None,
            1,
            "There is no project “nope”.",
        ),
        (
            ["member", "add", "acme", "--slack-user", "UX><!channel", "--role", "pm"],
            None,
            2,
            "'UX><!channel' is not a slack user id: use U… or W…",
        ),
        (
            ["member", "add", "acme", "--teams-user", "ava", "--role", "pm"],
            None,
            2,
            "'ava' is not a teams user id: use an AAD object id (a GUID)",
        ),
        (["nudges", "run-due", "--now", "next tuesday"], None, 2, "is not an ISO 8601 instant"),
        (["nudges", "run-due", "--timeout", "0"], None, 2, "is not a number of seconds above 0"),
        (
            ["export", "acme"],
            NOWHERE_PG,
            1,
            "cannot use the database postgresql://nobody@127.0.0.1:1/x: [Errno 111]",
        ),
        (["nudges", "run-due"], NOWHERE_PG, 1, "cannot use the database postgresql://nobody@"),
        (["export", "acme"], "mysql://x/y", 2, "database.url: expected sqlite:///FILE"),
        (
            ["--config", "bad.yaml", "export", "acme"],
            None,
            2,
            "bad.yaml: server.port: Input should be a valid integer, got 'abc'",
        ),
        (
            ["--config", "missing.yaml", "export", "acme"],
            None,
            2,
            "missing.yaml: cannot read the file (No such file or directory)",
        ),
    ],
    ids=[
        "output-dir-missing",
        "output-is-a-dir",
        "teams-out-dir-missing",
        "unknown-project",
        "milestone-unknown-project",
        "slack-user-of-another-shape",
        "teams-user-of-another-shape",
        "bad-now",
        "bad-timeout",
        "postgres-unreachable",
        "run-due-postgres-unreachable",
        "unknown-database-kind",
        "bad-config-value",
        "missing-config",
    ],
)
def test_an_admin_command_that_fails_says_why_in_one_line(
    studio: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    database: str | None,
    status: int,
    says: str,
) -> None:
    if database:
        monkeypatch.setenv("DATABASE_URL", database)
    capsys.readouterr()

    # In this process (an exception escaping main would be the traceback an operator sees).
    returned = main(argv)

    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert says in line
    assert returned == status


def test_run_on_a_port_already_taken_ends_with_one_line_and_no_traceback(
    studio: dict[str, str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])

        run = signoff(studio, "run", "--host", "127.0.0.1", "--port", port)

    assert run.returncode == 1
    assert "Traceback" not in run.stderr and " ERROR " not in run.stderr
    assert run.stderr.splitlines()[-1].startswith("signoff: [Errno 98] error while attempting")
    assert "address already in use" in run.stderr.splitlines()[-1]


def test_a_sqlite_file_that_cannot_be_opened_is_one_line(studio: dict[str, str]) -> None:
    # Its own process: were it opened, aiosqlite's worker thread could outlive the failed
    # connection and the loop, and print a traceback of its own.
    env = {**studio, "DATABASE_URL": "sqlite:////no/such/dir/x.db"}

    run = signoff(env, "db", "upgrade")

    assert "Traceback" not in run.stderr
    [line] = run.stderr.splitlines()
    assert "cannot use the database sqlite:////no/such/dir/x.db: the folder /no/such/dir" in line
    assert run.returncode == 1
