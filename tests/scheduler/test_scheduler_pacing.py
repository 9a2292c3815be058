"""A weekly digest into many channels at once: each workspace gets no more than its rate, other
workspaces go on meanwhile, and instances sending together share the rate."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduler_helpers import FakeSlack, queue_digest, slack_channel, studio_with_channels

from bot.model import Platform
from bot.policy import Policy
from scheduler.engine import NudgeEngine
from scheduler.pacing import Pacer
from scheduler.settings import EngineSettings
from tests.fakes import FakeClock

MONDAY_0930_BERLIN = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
RATE = 20.0  # posts a second per workspace, in these tests


@dataclass
class RunningClock(FakeClock):
    """Real seconds pass on it, from a chosen instant: the pace is kept in real time, with
    sends and database work overlapping the waits as they do in a running instance (slowness
    only spreads posts further apart, which every assertion here allows)."""

    def __post_init__(self) -> None:
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self.current + timedelta(seconds=time.monotonic() - self._started)


def paced_engine(uow_factory, clock, messenger) -> NudgeEngine:
    settings = EngineSettings(workspace_rates={Platform.SLACK: RATE})
    return NudgeEngine(uow=uow_factory, clock=clock, messenger=messenger, policy=Policy(),
                       settings=settings)  # fmt: skip


def most_in_one_second(times: list[datetime]) -> int:
    times = sorted(times)
    return max(
        sum(1 for t in times[i:] if t - start < timedelta(seconds=1))
        for i, start in enumerate(times)
    )


def fake_paced(rate: float) -> tuple[Pacer, FakeClock]:
    clock = FakeClock(MONDAY_0930_BERLIN)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    return Pacer(clock=clock, sleep=sleep, workspace_rates={Platform.SLACK: rate}), clock


async def test_the_pacer_keeps_each_workspace_to_its_rate_without_holding_up_others():
    pacer, clock = fake_paced(rate=5)
    went: dict[str, list[datetime]] = {"T-north": [], "T-south": []}
    for n in range(12):
        for tenant, times in went.items():
            await pacer.turn(slack_channel(f"C{n}", tenant))
            times.append(clock.now())

    for times in went.values():
        assert most_in_one_second(times) == 5
        assert all(b - a == timedelta(seconds=0.2) for a, b in itertools.pairwise(times))
    assert went["T-north"] == went["T-south"]  # side by side, not one after the other


async def test_the_pacer_takes_its_share_when_other_instances_send_too():
    pacer, clock = fake_paced(rate=5)
    pacer.share(2)
    times = []
    for n in range(6):
        await pacer.turn(slack_channel(f"C{n}"))
        times.append(clock.now())
    assert most_in_one_second(times) == 3  # 2.5 a second: half of the workspace's 5
    assert times[-1] - times[0] == timedelta(seconds=2)


async def test_after_a_stall_the_posts_still_go_out_a_spacing_apart():
    clock = FakeClock(MONDAY_0930_BERLIN)
    stalls = [2.0]  # the first wait oversleeps every slot reserved meanwhile (a busy process)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds=stalls.pop() if stalls else seconds)
        await asyncio.sleep(0)

    pacer = Pacer(clock=clock, sleep=sleep, workspace_rates={Platform.SLACK: 5})
    went: list[datetime] = []

    async def post(n: int) -> None:
        await pacer.turn(slack_channel(f"C{n}"))
        went.append(clock.now())

    await asyncio.gather(*(post(n) for n in range(6)))

    gaps = [b - a for a, b in itertools.pairwise(sorted(went))]
    assert len(went) == 6 and min(gaps) >= timedelta(seconds=0.2)


async def test_a_digest_into_many_channels_is_spread_at_each_workspaces_rate(uow_factory):
    clock = RunningClock(MONDAY_0930_BERLIN - timedelta(days=1))
    north, north_channels = await studio_with_channels(
        uow_factory, clock, key="north", tenant="T-north", channels=12
    )
    south, south_channels = await studio_with_channels(
        uow_factory, clock, key="south", tenant="T-south", channels=12
    )
    slack = FakeSlack(clock=clock)
    engine = paced_engine(uow_factory, clock, slack)
    clock.current = MONDAY_0930_BERLIN
    await queue_digest(uow_factory, north, clock, north_channels)
    await queue_digest(uow_factory, south, clock, south_channels)

    await engine.deliver_due()

    assert len(slack.posts) == 24 and slack.rate_limited == 0
    by_workspace = {
        tenant: sorted(at for where, _, at in slack.posts if where.tenant == tenant)
        for tenant in ("T-north", "T-south")
    }
    # Twelve posts one slot apart span eleven slots (unpaced, they would leave at once); a
    # slow machine only spreads them further.
    paced = timedelta(seconds=11 / RATE) * 0.8
    assert all(times[-1] - times[0] >= paced for times in by_workspace.values())
    # One workspace's queue does not hold up the other's: they are sent side by side.
    assert by_workspace["T-south"][0] < by_workspace["T-north"][-1]
    assert by_workspace["T-north"][0] < by_workspace["T-south"][-1]


async def test_instances_sending_at_the_same_time_share_the_workspace_rate(uow_factory):
    clock = RunningClock(MONDAY_0930_BERLIN - timedelta(days=1))
    studio, channels = await studio_with_channels(
        uow_factory, clock, key="acme", tenant="T1", channels=7
    )
    clock.current = MONDAY_0930_BERLIN
    # Another instance is in the middle of its own sends: it holds the first item's lease.
    await queue_digest(uow_factory, studio, clock, channels[:1], week="w0")
    async with uow_factory() as uow:
        [theirs] = await uow.nudges.claim(
            owner="other-instance", now=clock.now(), lease=timedelta(minutes=5), limit=1
        )
        await uow.commit()
    await queue_digest(uow_factory, studio, clock, channels[1:])
    slack = FakeSlack(clock=clock)
    engine = paced_engine(uow_factory, clock, slack)

    await engine.deliver_due()

    times = sorted(at for _, _, at in slack.posts)
    assert len(times) == 6 and theirs.occurrence.target not in {w for w, _, _ in slack.posts}
    # Six posts at half the rate span five slots of 2/RATE (0.5 s); alone, 0.25 s.
    assert times[-1] - times[0] >= timedelta(seconds=5 * 2 / RATE) * 0.8
