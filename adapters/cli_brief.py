"""`signoff brief import KEY FILE` and `signoff brief export KEY [--version N]`: the brief as a
YAML file, in the shape bot.brief_yaml documents, so an export imports back unchanged."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from adapters.cli_admin import project_key
from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.operator import operator_invocation
from bot.brief_yaml import BriefFileError, read_brief, write_brief
from bot.service import Result, handle


def version_number(text: str) -> int:
    if not text.removeprefix("v").isdigit() or int(text.removeprefix("v")) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a version number like 2")
    return int(text.removeprefix("v"))


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser):
    brief = commands.add_parser("brief", parents=[common], help="a project's brief as YAML")
    actions = brief.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = actions.add_parser("import", parents=[common], help="draft the brief from a file")
    load.add_argument("key", metavar="KEY", type=project_key)
    load.add_argument("file", metavar="FILE", help="the brief as YAML; - reads standard input")
    load.set_defaults(run=import_command)
    dump = actions.add_parser("export", parents=[common], help="print the brief as YAML")
    dump.add_argument("key", metavar="KEY", type=project_key)
    dump.add_argument("--version", dest="brief_version", type=version_number, default=None,
                      metavar="N", help="this version (default: the newest)")  # fmt: skip
    dump.set_defaults(run=export_command)


def _fail(line: str, status: int) -> int:
    sys.stderr.write(f"signoff: {line}\n")
    return status


async def import_command(args: argparse.Namespace, settings: Settings) -> int:
    # The whole file is read and checked before the database is opened: a malformed one
    # reaches nothing.
    try:
        text = await _read(args.file)
        command = read_brief(text, source=args.file)
    except BriefFileError as exc:
        return _fail(str(exc), 2)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}", 2)
    except UnicodeDecodeError:
        return _fail(f"{args.file}: not UTF-8 text", 2)
    async with await build_runtime(settings) as runtime:
        result = await handle(command, operator_invocation(args.key), runtime.services)
    if not result.ok:
        return _fail(_refusal(result), 1)
    sys.stdout.write("".join(f"{reply.message.text}\n" for reply in result.replies))
    return 0


async def _read(file: str) -> str:
    if file == "-":  # `signoff brief export a | signoff brief import b -`
        return await asyncio.to_thread(sys.stdin.read)
    return await asyncio.to_thread(Path(file).read_text, encoding="utf-8")


def _refusal(result: Result) -> str:
    """One line: the field the core refused and why, else the first line of its answer (the
    lines after it are chat usage, not the CLI's)."""
    for field, said in result.field_errors.items():
        return f"{field}: {said}"
    said = next((r.message.text.strip() for r in result.replies if r.message.text.strip()), "")
    return said.splitlines()[0] if said else "refused"


async def export_command(args: argparse.Namespace, settings: Settings) -> int:
    async with await build_runtime(settings) as runtime, runtime.services.uow() as uow:
        project = await uow.projects.get_by_key(args.key)
        if project is None:
            return _fail(f"There is no project “{args.key}”.", 1)
        if args.brief_version is None:
            brief = await uow.briefs.latest(project.id)
        else:
            brief = await uow.briefs.get(project.id, args.brief_version)
    if brief is None:
        which = "yet" if args.brief_version is None else f"v{args.brief_version}"
        return _fail(f"Project “{args.key}” has no brief {which}.", 1)
    comment = f"Brief {brief.ref} of {args.key} ({brief.state.value})"
    sys.stdout.write(write_brief(brief, comment=comment))
    return 0
