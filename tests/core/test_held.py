"""The waiting-on-client clock: each version's time with the client, summed per milestone, the
studio's time beside it, and both put on record when the milestone is signed off."""

from __future__ import annotations

from bot.queries import export_project
from tests.core.conftest import Studio, make_studio

DAY, HOUR = 86_400, 3_600


async def step(studio: Studio, who: str, line: str, *, hours: float = 0) -> None:
    studio.clock.advance(hours=hours)
    result = await studio.say(who, line)
    assert result.ok, [r.message.text for r in result.replies]


async def test_each_version_waits_on_the_client_and_the_close_records_who_held_it(
    studio: Studio,
) -> None:
    await step(studio, "paula", 'milestone add "Concepts" due 2026-12-20')
    await step(studio, "dan", "submit M-1 routes")
    await step(studio, "paula", "approve M-1", hours=1)  # the client's clock starts
    await step(studio, "ava", "changes M-1 bolder", hours=24)  # one day with the client
    await step(studio, "dan", "submit M-1 bolder", hours=23)  # rework: the studio's
    await step(studio, "paula", "approve M-1", hours=2)
    shown = await studio.text("cleo", "M-1")
    assert "With the client: 24 hours" in shown.splitlines()  # v2 is with them since a moment
    await step(studio, "ava", "approve M-1 lovely", hours=48)

    lines = (await studio.text("cleo", "M-1")).splitlines()
    assert "With the client: 3 days (v1: 24 hours, v2: 2 days)" in lines
    assert "With the studio: 26 hours" in lines
    [closed] = [e for e in studio.tables.audit if e.action == "milestone.approve_final"]
    assert closed.detail["held_by_client_seconds"] == 3 * DAY
    assert closed.detail["held_by_studio_seconds"] == 26 * HOUR
    [milestone] = (await export_project("acme", studio.services))["milestones"]
    assert (milestone["held_by_client_seconds"], milestone["held_by_studio_seconds"]) == (
        3 * DAY,
        26 * HOUR,
    )
    assert [v["with_client_seconds"] for v in milestone["versions"]] == [DAY, 2 * DAY]


async def test_the_clock_runs_while_the_all_rule_still_waits_and_stops_for_a_studio_change() -> (
    None
):
    studio = await make_studio(approvers=("ava", "bob"))
    await step(studio, "paula", "project rule client all")
    await step(studio, "paula", 'milestone add "Concepts" due 2026-12-20')
    await step(studio, "dan", "submit M-1 routes")
    await step(studio, "paula", "changes M-1 not yet", hours=5)  # never reached the client
    await step(studio, "dan", "submit M-1 again", hours=1)
    await step(studio, "paula", "approve M-1", hours=1)
    await step(studio, "ava", "approve M-1", hours=3)
    studio.clock.advance(hours=4)  # Bob has not decided: the clock still runs
    lines = (await studio.text("cleo", "M-1")).splitlines()
    assert "With the client: 7 hours" in lines and "With the studio: 7 hours" in lines
    # The export reads the same until something changes: the open version's time with the
    # client is not in it, only since when the client has it.
    [milestone] = (await export_project("acme", studio.services))["milestones"]
    assert [v["with_client_seconds"] for v in milestone["versions"]] == [0, None]
    assert milestone["with_client_since"] == "2026-11-27T17:00:00+00:00"
    assert milestone["held_by_client_seconds"] is None


async def test_client_only_the_clock_starts_at_the_submit_and_stops_at_a_withdrawal() -> None:
    studio = await make_studio()
    await step(studio, "paula", "project stages client")
    await step(studio, "paula", 'milestone add "Concepts" due 2026-12-20')
    await step(studio, "dan", "submit M-1 routes")
    await step(studio, "dan", "withdraw M-1", hours=2)
    studio.clock.advance(hours=10)
    [milestone] = (await export_project("acme", studio.services))["milestones"]
    assert milestone["versions"][0]["with_client_seconds"] == 2 * HOUR
    assert milestone["with_client_since"] is None
    lines = (await studio.text("cleo", "M-1")).splitlines()
    assert "With the client: 2 hours" in lines and "With the studio: 10 hours" in lines


async def test_a_milestone_cancelled_during_the_clients_review_stops_its_clock_there(
    studio: Studio,
) -> None:
    await step(studio, "paula", 'milestone add "Concepts" due 2026-12-20')
    await step(studio, "dan", "submit M-1 routes")
    await step(studio, "paula", "approve M-1")  # the client's clock starts
    await step(studio, "paula", "milestone cancel M-1 budget cut", hours=5)
    studio.clock.advance(hours=10)  # cancelled: nothing runs any more
    [milestone] = (await export_project("acme", studio.services))["milestones"]
    assert milestone["versions"][0]["with_client_seconds"] == 5 * HOUR


async def test_a_milestone_cancelled_after_the_clients_changes_keeps_the_time_to_the_decision(
    studio: Studio,
) -> None:
    await step(studio, "paula", 'milestone add "Concepts" due 2026-12-20')
    await step(studio, "dan", "submit M-1 routes")
    await step(studio, "paula", "approve M-1")
    await step(studio, "ava", "changes M-1 bolder", hours=3)  # three hours with the client
    await step(studio, "paula", "milestone cancel M-1 budget cut", hours=5)
    [milestone] = (await export_project("acme", studio.services))["milestones"]
    assert milestone["versions"][0]["with_client_seconds"] == 3 * HOUR
