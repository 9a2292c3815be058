"""The `signoff` command run in-process against a new database, as an operator would."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main


@dataclass(frozen=True, kw_only=True)
class Run:
    status: int
    out: str
    err: str


@dataclass
class Signoff:
    """Runs `signoff ...` in this process with DATABASE_URL pointing at a temporary SQLite file."""

    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    database_url: str

    def __call__(self, *argv: str, stdin: str | None = None) -> Run:
        self.capsys.readouterr()  # drop whatever an earlier step printed
        if stdin is not None:
            self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(list(argv))
        captured = self.capsys.readouterr()
        return Run(status=status, out=captured.out, err=captured.err)

    def ok(self, *argv: str, stdin: str | None = None) -> str:
        run = self(*argv, stdin=stdin)
        assert run.status == 0, run
        return run.out

    def export(self, key: str) -> dict[str, Any]:
        return json.loads(self.ok("export", key, "--format", "json"))


@pytest.fixture
def signoff(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Signoff:
    """`signoff` on a new database: SQLite, and PostgreSQL too when the tests have one."""
    monkeypatch.chdir(tmp_path)  # no app.yaml here: the built-in defaults, as when installed
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    signoff = Signoff(capsys=capsys, monkeypatch=monkeypatch, database_url=database_url)
    if not database_url.startswith("sqlite"):
        signoff.ok("db", "upgrade")  # PostgreSQL is never migrated implicitly
    return signoff
