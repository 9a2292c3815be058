"""An issue's response deadline counts working hours in the project's zone (Mon-Fri, 09:00-18:00
by default): across an evening, a weekend and a daylight-saving change, as raised in chat."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.commands import CreateProject
from bot.policy import Policy
from bot.queries import export_project
from bot.service import Services
from tests.core.conftest import Studio
from tests.fakes import FakeClock, FakeDatabase

BERLIN = ZoneInfo("Europe/Berlin")
AM, PM = "\u202fAM", "\u202fPM"  # as English clocks are written, a narrow space before


async def berlin_studio(now: datetime) -> Studio:
    database, clock = FakeDatabase(), FakeClock(now.astimezone(UTC))
    studio = Studio(services=Services(uow=database, clock=clock, policy=Policy()),
                    database=database, clock=clock)  # fmt: skip
    create = CreateProject(key="acme", name="Acme", client="Acme Co.", timezone="Europe/Berlin")
    assert (await studio.run("paula", create)).ok
    return studio


@pytest.mark.parametrize(
    ("raised", "severity", "due", "shown"),
    [
        pytest.param(  # 2 h before the evening, 2 h the next morning (calendar: 20:00 Tue)
            datetime(2026, 12, 1, 16, 0, tzinfo=BERLIN), "critical",
            datetime(2026, 12, 2, 11, 0, tzinfo=BERLIN), "Wed 2 Dec, 11:00" + AM, id="evening",
        ),
        pytest.param(  # 3 h on Friday, 5 h on Monday (calendar: Friday 23:00)
            datetime(2026, 12, 4, 15, 0, tzinfo=BERLIN), "high",
            datetime(2026, 12, 7, 14, 0, tzinfo=BERLIN), "Mon 7 Dec, 2:00" + PM, id="weekend",
        ),
        pytest.param(  # summer time ends on Sunday 25 Oct: 4 + 9 + 9 + 2 h, 11:00 in winter time
            datetime(2026, 10, 23, 14, 0, tzinfo=BERLIN), "medium",
            datetime(2026, 10, 28, 11, 0, tzinfo=BERLIN), "Wed 28 Oct, 11:00" + AM, id="dst-ends",
        ),
        pytest.param(  # summer time starts on Sunday 29 Mar 2026: 11:00 in summer time
            datetime(2026, 3, 27, 14, 0, tzinfo=BERLIN), "medium",
            datetime(2026, 4, 1, 11, 0, tzinfo=BERLIN), "Wed 1 Apr, 11:00" + AM, id="dst-starts",
        ),
        pytest.param(  # a low one waits 72 working hours: 8 h on Tuesday, 7 x 9 h, 1 h Friday
            datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN), "low",
            datetime(2026, 12, 11, 10, 0, tzinfo=BERLIN), "Fri 11 Dec, 10:00" + AM, id="low",
        ),
    ],
)  # fmt: skip
async def test_the_response_deadline_counts_working_hours(
    raised: datetime, severity: str, due: datetime, shown: str
) -> None:
    studio = await berlin_studio(raised)

    said = await studio.text("paula", f"issue The site is down {severity}")

    [issue] = (await export_project("acme", studio.services))["issues"]
    assert datetime.fromisoformat(issue["response_due_at"]) == due
    assert said.endswith(f"The studio will respond by {shown}."), said
