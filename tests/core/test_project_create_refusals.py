"""A project that cannot be created says why, with the line to type: a key of the wrong shape
(shown shortened when long), a time zone or a language Signoff does not know. The grammar
refuses what it reads; the use case refuses the same for a command built elsewhere (the admin
CLI, a form)."""

from __future__ import annotations

import pytest

from bot.commands import CreateProject
from tests.core.conftest import Studio

KEY_RULE = "is not a valid project key: use 2–40 lowercase letters, digits or hyphens, " \
           "starting with a letter."  # fmt: skip


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        (CreateProject(key="bad!key", name="N", client="C"), f"“bad!key” {KEY_RULE}"),
        (CreateProject(key="x" * 60 + "!", name="N", client="C"), f"“{'x' * 40}” {KEY_RULE}"),
        (CreateProject(key="k2", name="N", client="C", timezone="Mars/Base"),
         "“Mars/Base” is not a time zone I know."),
        (CreateProject(key="k3", name="N", client="C", locale="fr"),
         "Languages I speak: en, zh-CN."),
    ],
)  # fmt: skip
async def test_a_project_that_cannot_be_created_says_why(
    studio: Studio, command: CreateProject, answer: str
) -> None:
    result = await studio.run("paula", command)
    said = "\n".join(r.message.text for r in result.replies).splitlines()
    assert not result.ok and said[0] == answer
    assert said[1].startswith('Usage: project create KEY "NAME" client "CLIENT"')
    assert len(studio.tables.projects) == 1  # only the studio's own


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ('project create bad!key "N" client "C"', f"“bad!key” {KEY_RULE}"),
        ('project create k2 "N" client "C" timezone Mars/Base',
         "“Mars/Base” is not a time zone; use a name like Europe/Berlin."),
        ('project create k3 "N" client "C" locale fr',
         "“fr” is not a supported language; use en or zh-CN."),
    ],
)  # fmt: skip
async def test_a_project_line_that_cannot_be_read_says_why(
    studio: Studio, line: str, answer: str
) -> None:
    said = (await studio.text("paula", line)).splitlines()
    assert said[0] == answer
    assert said[1].startswith('Usage: project create KEY "NAME" client "CLIENT"')
