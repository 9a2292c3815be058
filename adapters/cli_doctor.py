"""`signoff doctor`: checks the configuration against Slack, Teams and the database, and prints
one line per check (✓ passed, ✗ failed with its fix, – does not apply here). Exits 0 only when
nothing failed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from adapters.config import Settings
from adapters.doctor.checks import Mark, exit_status
from adapters.doctor.run import run_checks


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser):
    doctor = commands.add_parser(
        "doctor", parents=[common], help="check the configuration against the platforms"
    )
    doctor.set_defaults(run=doctor_command)


async def doctor_command(args: argparse.Namespace, settings: Settings) -> int:
    checks = await run_checks(settings)
    for check in checks:
        sys.stdout.write(check.line + "\n")
    status = exit_status(checks)
    failures = sum(1 for c in checks if c.mark is Mark.FAILED)
    sys.stdout.write("All checks passed.\n" if status == 0 else f"{failures} check(s) failed.\n")
    return status
