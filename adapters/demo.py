"""The demo project: a ready-made project with people and milestones to try every verb on."""

from __future__ import annotations

import logging
from datetime import timedelta

from adapters.operator import operator_invocation
from bot.commands import AddMember, AddMilestone, BindConversation, Command, CreateProject
from bot.errors import NotFound
from bot.model import Conversation, Identity, Platform, Role
from bot.queries import export_project
from bot.service import Services, handle

logger = logging.getLogger(__name__)

DEMO_KEY = "demo"
# (console name, role, display name): the person running the demo is added as PM. Console chat
# names people by their --as name, so the display names are the same words.
CAST = (
    ("dana", Role.DESIGNER, "dana"),
    ("cleo", Role.CLIENT, "cleo"),
    ("alex", Role.APPROVER, "alex"),
)
# (name, days until due, acceptance criteria)
MILESTONES = (
    ("Concepts", 7, ("Three logo directions", "A moodboard for each direction")),
    ("First round", 21, ("The chosen direction on stationery", "Colour palette with contrast")),
    ("Final files", 35, ("Logo as SVG, PNG and PDF", "Brand guidelines PDF")),
)


class DemoError(Exception):
    """The core refused a step of the demo; the message says which and why."""


async def seed_demo(services: Services, *, person: str) -> str:
    """Create the demo project (or make `person` its PM if it exists) and say how to start."""
    if await _exists(services):
        await _run(
            services, AddMember(role=Role.PM, identity=_console(person), display_name=person)
        )
        return (
            f"The demo project already exists, with {person} as a PM.\n"
            f"Start chatting: signoff chat --as {person} --project {DEMO_KEY}"
        )
    today = services.clock.now().date()
    steps: list[Command] = [
        CreateProject(key=DEMO_KEY, name="Acme rebrand", client="Acme Co."),
        BindConversation(
            key=DEMO_KEY,
            conversation=Conversation(platform=Platform.CONSOLE, tenant="local", channel=DEMO_KEY),
        ),
        AddMember(role=Role.PM, identity=_console(person), display_name=person),
        *(
            AddMember(role=role, identity=_console(name), display_name=display)
            for name, role, display in CAST
        ),
        *(
            AddMilestone(name=name, due=(today + timedelta(days=days)).isoformat(), criteria=c)
            for name, days, c in MILESTONES
        ),
    ]
    for step in steps:
        await _run(services, step)
    logger.info("demo project created for %s", person)
    return _summary(person)


def _summary(person: str) -> str:
    people = ", ".join(f"{name} ({role.value})" for name, role, _ in CAST)
    milestones = ", ".join(f"M-{n} {name}" for n, (name, _, _) in enumerate(MILESTONES, start=1))
    return "\n".join(
        [
            f"Created the demo project “{DEMO_KEY}”: Acme rebrand for Acme Co.",
            f"  You ({person}) are the PM; also on it: {people}.",
            f"  Milestones: {milestones}.",
            f"Start chatting: signoff chat --as {person} --project {DEMO_KEY}",
            "  then try: help · status · submit M-1 first ideas · approve M-1 · milestones",
            "  As the client (--as cleo): feedback the logo is too small · issue Site is down high",
            "  As the approver (--as alex): approve M-1, or changes M-1 warmer colours please",
        ]
    )


def _console(name: str) -> Identity:
    return Identity(platform=Platform.CONSOLE, tenant="local", user_id=name)


async def _exists(services: Services) -> bool:
    try:
        await export_project(DEMO_KEY, services)
    except NotFound:
        return False
    return True


async def _run(services: Services, command: Command) -> None:
    key = None if isinstance(command, CreateProject) else DEMO_KEY
    result = await handle(command, operator_invocation(key), services)
    if not result.ok:
        reason = " ".join(reply.message.text for reply in result.replies)
        raise DemoError(f"could not set up the demo ({type(command).__name__}): {reason}")
