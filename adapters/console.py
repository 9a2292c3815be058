"""Console chat: type the bot's commands in a terminal (or pipe a script) and read its replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TextIO

from adapters import console_text as say
from adapters.console_charts import saved_chart
from adapters.console_files import FileProblem, take_files
from adapters.demo import DEMO_KEY, seed_demo
from bot.actions import typed
from bot.commands import SubmitMilestone
from bot.grammar import parse
from bot.i18n import tr
from bot.invocation import Invocation
from bot.messages import Card, Form, Message
from bot.model import Conversation, Identity, Platform
from bot.queries import projects_for
from bot.service import Services, handle
from bot.typography import join_items

logger = logging.getLogger(__name__)

PROMPT = "signoff> "
TENANT = "local"


@dataclass(frozen=True, kw_only=True)
class ConsoleIO:
    """Where lines come from and go to; `read` returns None at the end of input."""

    read: Callable[[str], Awaitable[str | None]]
    write: Callable[[str], None]
    interactive: bool


def terminal_io(stdin: TextIO, stdout: TextIO) -> ConsoleIO:
    """A prompt with line editing on a terminal; plain line reading from a pipe or file."""
    interactive = stdin.isatty()

    async def read(prompt: str) -> str | None:
        if interactive:
            try:
                return await _prompt(prompt)
            except EOFError:
                print(file=stdout)
                return None
        line = await asyncio.to_thread(stdin.readline)
        return line if line else None

    def write(text: str) -> None:
        print(text, file=stdout, flush=True)

    return ConsoleIO(read=read, write=write, interactive=interactive)


async def _prompt(prompt: str) -> str:
    """input() with line editing, off the event loop, in a daemon thread: after Ctrl-C the
    process exits at once instead of waiting for the abandoned prompt's Enter."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()

    def settle(value: str | None, error: BaseException | None) -> None:
        if answer.done():
            return
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(value or "")

    def ask() -> None:
        try:
            value, error = input(prompt), None
        except BaseException as exc:  # EOFError at Ctrl-D, handed to the waiting coroutine
            value, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, value, error)

    threading.Thread(target=ask, name="signoff-prompt", daemon=True).start()
    return await answer


def render(message: Message) -> str:
    """A message as terminal text: the text, a card as a block, a form as the command to type.

    A card's text is usually its own plain-text fallback (it starts with the card's title); then
    only the card is shown, so nothing is printed twice. A form's text already says what to
    type; only a form without text is spelled out from its inputs.
    """
    parts: list[str] = []
    card_repeats_text = message.card is not None and message.text.startswith(message.card.title)
    if message.text and not card_repeats_text:
        parts.append(message.text)
    if message.card is not None:
        parts.append(render_card(message.card))
    if message.form is not None and not message.text:
        parts.append(render_form(message.form))
    return "\n".join(parts)


def render_card(card: Card) -> str:
    lines = [f"┌ {card.title}"]
    if card.subtitle:
        lines.append(f"│ {card.subtitle}")
    lines += [f"│ {field.label}{_separator(field.label)}{field.value}" for field in card.fields]
    lines += [f"│  • {item}" for item in card.items]
    lines += [f"│ ⤷ {link.label}: {link.url}" for link in card.links]
    lines += [f"│ {line}" for line in card.footer.splitlines()]
    if card.actions:
        commands = [
            f"→ {typed(action.command)} <{action.needs_input}>"
            if action.needs_input
            else f"→ {typed(action.command)}"
            for action in card.actions
        ]
        lines.append("│ " + "   ".join(commands))
    lines.append("└")
    return "\n".join(lines)


def _separator(label: str) -> str:
    # A Chinese label takes the full-width colon, as the core's own text fallback does.
    return "：" if label and "\u3000" <= label[-1] <= "\u9fff" else ": "


def render_form(form: Form) -> str:
    fields = " ".join(f"<{i.label}>" if i.required else f"[{i.label}]" for i in form.inputs)
    return f"{form.title}: → {form.kind} {fields}".rstrip()


async def chat(services: Services, *, person: str, project_key: str | None, io: ConsoleIO) -> int:
    """Read commands until the end of input (or quit) and print the bot's replies; exit status."""
    identity = Identity(platform=Platform.CONSOLE, tenant=TENANT, user_id=person)
    locale = await say.run_locale(services, project_key)
    if project_key is not None and not await project_exists(services, project_key):
        how = "signoff demo" if project_key == DEMO_KEY else "signoff project create"
        io.write(tr(locale, say.CREATE_IT, key=project_key, how=how))
        return 2
    key = project_key or await choose_project(services, identity=identity, io=io)
    if key is None and not io.interactive:
        return 2
    locale = await say.run_locale(services, key)
    if io.interactive:
        banner = say.BANNER if key else say.BANNER_NO_PROJECT
        io.write(tr(locale, banner, key=key, person=person))
    while (line := await io.read(PROMPT if io.interactive else "")) is not None:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if words[0].lower() in ("quit", "exit") and len(words) == 1:
            break
        if words[0].lower() == "use" and len(words) == 2:
            if await project_exists(services, words[1]):
                key = words[1]
                locale = await say.run_locale(services, key)
                io.write(tr(locale, say.NOW_IN, key=key))
            else:
                io.write(tr(locale, say.NO_SUCH_PROJECT, key=words[1]))
            continue
        for reply in await run_line(services, line, identity=identity, key=key):
            io.write(reply)
    return 0


async def run_line(
    services: Services, line: str, *, identity: Identity, key: str | None
) -> list[str]:
    """One typed command, run in the console channel named after the project."""
    where = Conversation(platform=Platform.CONSOLE, tenant=TENANT, channel=key) if key else None
    invocation = Invocation(
        identity=identity, display_name=identity.user_id, conversation=where, project_key=key
    )
    command = parse(line)
    if isinstance(command, SubmitMilestone):  # "submit M-1 … file:proofs/print.pdf"
        try:
            note, files = await take_files(command.note)
        except FileProblem as problem:
            locale = await say.run_locale(services, key)
            return [tr(locale, problem.message, **problem.params)]
        command = replace(command, note=note, files=files)
    result = await handle(command, invocation, services)
    return [
        f"{render(reply.message)}\n{await saved_chart(reply.message.chart)}"
        if reply.message.chart is not None
        else render(reply.message)
        for reply in result.replies
    ]


async def choose_project(services: Services, *, identity: Identity, io: ConsoleIO) -> str | None:
    """The person's only project; otherwise say what to do (and, on an empty database at a
    terminal, offer to create the demo)."""
    name, locale = identity.user_id, services.policy.default_locale
    projects = await projects_for(identity, services)
    if len(projects) == 1:
        return projects[0].key
    if projects:
        keys = join_items(locale, (project.key for project in projects))
        several = say.SEVERAL if io.interactive else say.SEVERAL_PASS
        io.write(tr(locale, several, name=name, keys=keys))
        return None
    if await project_count(services):
        io.write(
            tr(locale, say.NOT_A_MEMBER if io.interactive else say.NOT_A_MEMBER_PASS, name=name)
        )
        return None
    if not io.interactive:
        io.write(tr(locale, say.NO_PROJECTS))
        return None
    answer = await io.read(tr(locale, say.OFFER_DEMO))
    if (answer or "").strip().lower() not in say.YES:
        io.write(tr(locale, say.CREATE_ONE))
        return None
    io.write(await seed_demo(services, person=name))
    return DEMO_KEY


async def project_exists(services: Services, key: str) -> bool:
    async with services.uow() as uow:
        return await uow.projects.get_by_key(key) is not None


async def project_count(services: Services) -> int:
    async with services.uow() as uow:
        return await uow.projects.count()
