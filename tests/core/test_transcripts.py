"""Two whole projects, one in English and one in Chinese, typed line by line as their people
would, mistakes included: every answer (its words, who sees it, the card and its buttons), the
audit trail they leave, the project's export and the nudges it would get in the following weeks
are compared with the transcript in snapshots/, as reviewed.

A change of wording, of a card or of an audit entry shows up here as a diff; when it is meant,
rewrite the files with SIGNOFF_WRITE_SNAPSHOTS=1 and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.messages import Reply
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeConfig
from bot.nudges.plan import plan
from bot.nudges.snapshot import load_snapshot
from bot.queries import export_project
from bot.reply_codec import encode_reply
from tests.core.conftest import Studio, make_studio

SNAPSHOTS = Path(__file__).parent / "snapshots"

# (who, line, minutes since the previous line). paula is the PM, dan a designer, cleo the
# client, ava the client's approver; "stranger" holds no role.
DAY_ONE = [
    ("cleo", "status", 0),
    ("paula", "help", 0),
    ("paula", "help issue", 1),
    ("paula", 'milestone add "Concepts" due 2026-12-15 criteria: three routes; one logo', 2),
    ("paula", 'milestone add "Layouts" due 2026-12-20', 1),
    ("paula", 'milestone add "Print" due 2026-12-02', 1),
    ("paula", "milestone add", 1),
    ("paula", 'milestone rename M-2 "Page layouts"', 3),
    ("paula", "milestone due M-2 2026-12-22", 1),
    ("paula", "milestone criteria M-2 grid; type scale", 1),
    ("paula", "milestone cancel M-3 not in scope", 1),
    ("paula", "milestone cancel M-3", 1),
    ("paula", "milestone reopen M-3", 1),
    ("paula", "milestones", 1),
    ("dan", "submit M-1 first routes", 5),
    ("cleo", "status", 30),
    ("dan", "submit M-1 again", 1),
    ("cleo", "feedback the blue is too cold", 2),
    ("cleo", "feedback M-1 route two feels dated", 1),
    ("cleo", "feedback edit FB-1 the blue is far too cold", 1),
    ("dan", "feedback edit FB-1 mine now", 1),
    ("cleo", "feedback withdraw FB-2 changed my mind", 1),
    ("cleo", "feedback withdraw FB-2", 1),
    ("dan", "feedback resolve FB-1 warmer blue in v2", 1),
    ("cleo", "feedback reopen FB-1 still cold", 1),
    ("cleo", "feedback", 1),
    ("cleo", "feedback list all", 1),
    ("cleo", "FB-1", 1),
    ("paula", "changes M-1", 2),
    ("paula", "changes M-1 bolder type", 1),
    ("paula", "approve M-1", 1),
    ("dan", "submit M-1 bolder routes", 5),
    ("paula", "approve M-1 good to go", 2),
    ("paula", "status", 90),
    ("cleo", "approve M-1", 1),
    ("ava", "changes M-1 make the logo bigger", 1),
    ("dan", "submit M-1 bigger logo", 5),
    ("dan", "withdraw M-1", 1),
    ("dan", "withdraw M-1", 1),
    ("dan", "submit M-1 bigger logo, right file", 1),
    ("paula", "approve M-1@v4", 1),
    ("paula", "approve M-1@v3", 1),
    ("ava", "approve M-1 lovely", 2),
    ("ava", "approve M-1", 1),
    ("dan", "withdraw M-1", 1),
    ("cleo", "milestone M-1", 1),
    ("cleo", "M-9", 1),
    ("cleo", "issue Login page is blank high", 3),
    ("cleo", "issue edit IS-1 Login page is white critical", 1),
    ("cleo", "issue fonts missing on page 2", 1),
    ("cleo", "issue withdraw IS-2 found them", 1),
    ("cleo", "issue withdraw IS-2", 1),
    ("paula", "issue close IS-2", 1),
    ("dan", "issue ack IS-1 on it", 1),
    ("paula", "issue assign IS-1 @dan", 1),
    ("paula", "issue assign IS-1 @cleo", 1),
    ("dan", "issue resolve IS-1 css fixed", 1),
    ("dan", "issue close IS-1", 1),
    ("paula", "issue close IS-1", 1),
    ("cleo", "issue reopen IS-1 white again", 1),
    ("dan", "issue resolve IS-1 cache cleared", 1),
    ("cleo", "issue reopen IS-1 still white", 1),
    ("cleo", "issues", 1),
    ("cleo", "issues all mine", 1),
    ("cleo", "IS-1", 1),
    ("paula", "member add @erin designer", 2),
    ("paula", "member add @erin designer", 1),
    ("paula", "member role @erin designer,approver", 1),
    ("paula", "member role @erin approver", 1),
    ("paula", "member role @erin designer,approver", 1),
    ("paula", "member remove @erin approver", 1),
    ("paula", "member remove @erin", 1),
    ("paula", "member remove @erin", 1),
    ("paula", "nudges", 2),
    ("paula", "nudges time digest friday 17:00", 1),
    ("paula", "nudges off feedback_waiting", 1),
    ("paula", "nudges on feedback_waiting", 1),
    ("paula", "nudges pause until 2026-12-10", 1),
    ("paula", "nudges resume", 1),
    ("paula", "nudges country none", 1),
    ("paula", "nudges holiday 2026-12-24", 1),
    ("paula", "project dates dmy", 1),
    ("paula", "project dates", 1),
    ("paula", "nudges pause until 03/04/2027", 1),  # read in the project's date order
    ("paula", "nudges resume", 1),
    ("paula", 'project rename "Acme identity" client "Acme Group"', 1),
    ("cleo", "status", 2),
    ("stranger", "feedback let me in", 1),
    ("cleo", "frobnicate M-1", 1),
    # Settings typed wrong, and changes that change nothing.
    ("paula", "nudges time digest 25:00", 1),
    ("paula", "nudges time due_soon fri 09:00", 1),
    ("paula", "nudges time digest someday 09:00", 1),
    ("paula", "nudges time review_waiting 10：15", 1),
    ("paula", "nudges country XX", 1),
    ("paula", "nudges country 无", 1),
    ("paula", "nudges holiday 2020-01-01", 1),
    ("paula", "nudges holiday today", 1),
    ("paula", "nudges pause until yesterday", 1),
    ("paula", "nudges pause until today", 1),
    ("paula", "nudges pause until the cows come home", 1),
    # A long wrong word is echoed back cut short.
    ("paula", "nudges time digest 12:00:00:00:00:00:00:00:00", 1),
    ("paula", "nudges time digest abcdefghijklmnopqrstuvwxyz 09:00", 1),
    ("paula", "nudges country ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1),
    ("paula", "nudges pause until " + "sometime-" * 5, 1),
    ("paula", "project reopen", 1),
    ("dan", "withdraw M-3", 1),
    ("paula", "milestone due M-3 2026-12-02", 1),
    ("cleo", "feedback edit FB-1 the blue is far too cold", 1),
    ("cleo", "issue edit IS-1 Login page is white", 1),
    ("cleo", "issue edit IS-2 fonts are back", 1),
    ("paula", "project close", 2),
    ("cleo", "feedback one more thing", 1),
    ("paula", "project reopen", 1),
    ("paula", "project unbind", 1),
    ("paula", "project bind acme", 1),
    # Due dates as people type them, in either language, and a holiday.
    ("paula", 'milestone add "Icons" due in 2 weeks', 1),
    ("paula", 'milestone add "Banner" due 3天后', 1),
    ("paula", 'milestone add "Poster" due 两周后', 1),
    ("paula", 'milestone add "Site" due 半年后', 1),
    ("paula", 'milestone add "Menu" due 十二月十八日', 1),
    ("paula", 'milestone add "Flyer" due 下周五', 1),
    ("paula", 'milestone add "Badge" due 2026年12月31日', 1),
    ("paula", 'milestone add "Card" due 半天后', 1),
    ("paula", 'milestone add "Mug" due 12/11', 1),
    ("paula", "nudges country CN", 1),
    ("paula", "milestone due M-4 2027-10-01", 1),
    ("paula", "milestone due M-4 2027-10-08", 1),
    ("dan", "submit M-2 first layouts", 1),
    ("paula", "approve M-2", 1),
    ("paula", "approve M-2", 1),
    ("dan", "approve M-2", 1),
    # Corrections that change nothing, and records that do not exist.
    ("paula", 'milestone rename M-2 "Page layouts"', 1),
    ("paula", 'project rename "Acme identity" client "Acme Group"', 1),
    ("dan", "feedback resolve FB-9", 1),
    ("dan", "issue ack IS-9", 1),
    ("cleo", "feedback edit FB-9 typo", 1),
    ("cleo", "issue withdraw IS-9", 1),
    ("dan", "feedback resolve FB-2 nothing to do", 1),
    # A version in review set aside and taken up again: its reminders count from then.
    ("paula", "milestone cancel M-2 client on holiday", 1),
    ("ava", "approve M-2", 1),
    ("paula", "milestone reopen M-2", 60),
    ("ava", "approve M-2@v7", 1),
    ("paula", "issue assign IS-1 @paula", 1),
    ("cleo", "status", 1),
    # A second PM, who made no decision on M-2, at the client's stage; records left settled.
    ("paula", "member add @pia pm", 1),
    ("pia", "approve M-2", 1),
    ("dan", "feedback resolve FB-3 welcome aboard", 1),
    ("paula", "milestone cancel M-11 mugs are out", 1),
    ("cleo", "milestone M-11", 1),
    ("cleo", "milestone M-3", 1),
    ("paula", "member remove @dan approver", 1),
]
# What the bot would post on its own in the three weeks after the last line.
AHEAD = timedelta(days=21)


# The Chinese project keeps Beijing time, so its dates and nudges are read in a zone that is
# not the machine's (UTC).
ZONES = {"en": "", "zh-CN": "Asia/Shanghai"}


async def play(locale: str) -> dict[str, Any]:
    studio = await make_studio(locale=locale, timezone=ZONES[locale])
    lines = []
    for who, line, minutes in DAY_ONE:
        studio.clock.advance(minutes=minutes)
        result = await studio.say(who, line)
        lines.append(
            {
                "who": who,
                "line": line,
                "ok": result.ok,
                "replies": [encode_reply(reply) for reply in result.replies],
            }
        )
    audit = [
        {
            "at": e.at.isoformat(),
            "by": e.actor.display_name if e.actor else None,
            "action": e.action,
            "subject": e.subject,
            "detail": e.detail,
        }
        for e in studio.tables.audit
    ]
    # What the admin CLI exports at the end: every record, as plain data, with the coming
    # week's nudges planned into the outbox.
    await plan(studio.database, NudgeConfig(), NudgeCalendar(timezone="UTC"),
               studio.clock.now(), horizon=timedelta(days=7))  # fmt: skip
    export = await export_project("acme", studio.services)
    return {"lines": lines, "audit": audit, "export": export, "nudges": await nudges(studio)}


async def nudges(studio: Studio) -> list[dict[str, Any]]:
    """Each nudge due in the weeks AHEAD, as composed when it falls due."""
    async with studio.database() as uow:
        [project] = studio.tables.projects.values()
        snap = await load_snapshot(uow, project.id)
    assert snap is not None
    config = NudgeConfig()
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    now = studio.clock.now()
    due = occurrences(snap, config, cal, now, now + AHEAD)
    posts = []
    for occurrence in sorted(due, key=lambda o: (o.due_at, o.kind.value, o.target.channel)):
        message = compose(occurrence, snap, config, cal, occurrence.due_at)
        posts.append(
            {
                "kind": occurrence.kind.value,
                "due_at": occurrence.due_at.isoformat(),
                "to": occurrence.target.channel,
                "subject": occurrence.subject,
                "message": encode_reply(Reply(message=message))["message"] if message else None,
            }
        )
    return posts


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
async def test_a_project_typed_line_by_line_reads_as_its_transcript(locale: str) -> None:
    played = json.loads(json.dumps(await play(locale), ensure_ascii=False, default=str))
    path = SNAPSHOTS / f"transcript-{locale}.json"
    if os.environ.get("SIGNOFF_WRITE_SNAPSHOTS"):
        path.write_text(json.dumps(played, indent=1, ensure_ascii=False) + "\n")
    assert played == json.loads(path.read_text())
