"""Every key app.yaml can hold has a row in README's configuration table, so a newcomer reading
it meets no setting only the code knows about."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from adapters.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
# One row speaks for every nudge: `scheduler.nudges.NAME.enabled`.
EACH_NUDGE = re.compile(r"^scheduler\.nudges\.[a-z_]+\.")


def keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found |= keys(kind, f"{prefix}{name}.")
        else:
            found.add(EACH_NUDGE.sub("scheduler.nudges.NAME.", f"{prefix}{name}"))
    return found


def documented() -> set[str]:
    """The keys the table's first column names: `a.b.c` / `.d` is a.b.c and a.b.d, and
    `a.b.c/d` is a.b.c and a.b.d."""
    table = README.split("## Configuration\n", 1)[1].split("\n## ", 1)[0]
    found: set[str] = set()
    for row in re.findall(r"^\| (.+?) \|", table, flags=re.MULTILINE):
        base = ""
        for token in re.findall(r"`([^`]+)`", row):
            full = base + token if token.startswith(".") else token
            parent, _, last = full.rpartition(".")
            base = parent
            found |= {f"{parent}.{leaf}" for leaf in last.split("/")}
    return found


def test_every_setting_has_a_row_in_the_configuration_table() -> None:
    missing = sorted(keys(Settings) - documented())
    assert not missing, f"README's configuration table has no row for {missing}"
