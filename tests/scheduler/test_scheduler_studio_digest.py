"""A week of a project lived through with the scheduler on real storage: the client falls silent
while M-1 waits on them and Signoff raises that once, the PM is told once, the studio's weekly
digest goes to the PM's DMs once with the open risks worst first, and the client's digest in the
channel names none of the studio's risks."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at, local

from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
TOLD = "New risk in acme, "
DIGEST = "Acme rebrand: the studio's weekly risks"
SECRET = "Client pays late"  # the studio's own risk, never shared


async def test_a_silent_client_is_raised_once_and_the_studio_digest_goes_to_the_pm_once(
    uow_factory,
):
    # Monday 30 November 2026, 10:00 in Berlin: after that morning's digests.
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))
    studio = await make_studio(uow_factory, clock, timezone=BERLIN)
    for who, line in [
        ("paula", f'risk add "{SECRET}" likelihood high impact high'),
        ("dan", 'risk add "Fonts licence" likelihood low'),
        ("paula", 'milestone add "Concepts" due 2026-12-18'),
        ("dan", "submit M-1 routes"),
        ("paula", "approve M-1"),  # with the client's approvers from now on
    ]:
        await studio.say(who, line)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 12, 1, 11), step=timedelta(hours=1))
    await studio.say("cleo", "feedback M-1 we are still looking")  # the client's last word
    await travel(engine, clock, at(BERLIN, 2026, 12, 8, 12), step=timedelta(hours=1))

    async with uow_factory() as uow:
        project_id = await studio.project_id()
        register = [(r.ref, r.key) for r in await uow.risks.list(project_id)]
        raised = [e for e in await uow.audit.list(project_id) if e.action == "risk.raised"]
    assert register == [("RK-1", ""), ("RK-2", ""), ("RK-3", "silence:M-1@v1")]
    assert [e.subject for e in raised] == ["RK-3"]

    # Wed 2, Thu 3 and Fri 4 without a word: raised on Saturday, told on Monday morning.
    told = [t for t in slack.texts("paula") if t.startswith(TOLD)]
    assert told == [
        "New risk in acme, RK-3: The client is silent while M-1 v1 “Concepts” waits on them. "
        "Likelihood medium, impact medium (4). Nothing from the client for 3 working days "
        "(since Tue 1 Dec) while M-1 v1 “Concepts” waits on them. See “risk RK-3”."
    ]
    assert local(slack.when(TOLD), BERLIN) == ["Mon 07 08:00"]

    digests = [t for t in slack.texts("paula") if t.startswith(DIGEST)]
    assert local(slack.when(DIGEST), BERLIN) == ["Mon 07 09:00"]
    assert digests[0].splitlines()[:5] == [
        DIGEST,
        "Open risks, worst first (3):",
        f"RK-1 {SECRET} · likelihood high, impact high (9)",
        "RK-3 The client is silent while M-1 v1 “Concepts” waits on them · likelihood medium, "
        "impact medium (4)",
        "RK-2 Fonts licence · likelihood low, impact medium (2)",
    ]
    assert "RK-3 The client is silent while M-1 v1 “Concepts” waits on them: raised by " \
        "Signoff" in digests[0]  # fmt: skip
    assert not any(t.startswith(DIGEST) for t in slack.texts("dan"))  # the PMs only

    channel = slack.texts("C-acme")
    client_digests = [t for t in channel if "weekly progress" in t]
    assert len(client_digests) == 1
    assert not any(SECRET in t or "RK-" in t or "silent" in t for t in channel)
