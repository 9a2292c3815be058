"""The `signoff` command: admin subcommands, console chat, demo, database upgrade and the server."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn

from adapters import cli_admin, cli_brief, cli_doctor, cli_nudges, cli_report, lagprobe, page_routes
from adapters.composition import StartupError, build_runtime, upgrade_database
from adapters.config import ConfigError, Settings, load_settings
from adapters.console import chat, terminal_io
from adapters.demo import DemoError, seed_demo
from adapters.logs import configure_logging, secrets_in
from adapters.operator import os_user
from adapters.platforms import PlatformAdapter, build_platforms
from adapters.scheduling import scheduler_installer
from adapters.server import RouteInstaller, serve
from adapters.surfaces import surfaces_line
from bot.errors import SignoffError, StorageUnavailable
from bot.i18n import tr

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _version() -> str:
    try:
        return version("signoff")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    # --config is accepted before or after the subcommand; SUPPRESS keeps the outer value.
    common = _Parser(add_help=False)
    common.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help="app.yaml")
    parser = _Parser(prog="signoff", description="Signoff: feedback, issues and sign-offs.")
    parser.add_argument("--config", metavar="PATH", default=None, help="configuration file")
    parser.add_argument("--version", action="version", version=f"signoff {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    cli_admin.add_parsers(commands, common, _printing)

    db = commands.add_parser("db", parents=[common], help="database schema")
    db_commands = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", parents=[common], help="migrate the schema to the latest")
    db.set_defaults(run=_db_upgrade)

    chat = commands.add_parser("chat", parents=[common], help="chat with the bot in a terminal")
    chat.add_argument("--as", dest="person", default=None, metavar="NAME", help="who you are")
    chat.add_argument("--project", metavar="KEY", type=cli_admin.project_key, help="the project")
    chat.set_defaults(run=_chat)

    demo = commands.add_parser("demo", parents=[common], help="create a demo project to try")
    demo.add_argument("--as", dest="person", default=None, metavar="NAME", help="the demo's PM")
    demo.set_defaults(run=_demo)

    run = commands.add_parser("run", parents=[common], help="serve HTTP (health, Slack, Teams)")
    run.add_argument("--host", default=None, help="address to listen on (server.host)")
    run.add_argument("--port", type=int, default=None, help="port to listen on (server.port)")
    run.add_argument(
        "--log-format", choices=("plain", "json"), default="plain", help="json: one object a line"
    )
    run.add_argument(
        "--log-level",
        choices=("debug", "info", "warning"),
        default="info",
        help="the least severe log lines written",
    )
    run.add_argument(
        "--no-scheduler", action="store_true", help="answer requests only; send no nudges"
    )
    run.set_defaults(run=_serve)
    cli_nudges.add_parsers(commands, common)
    cli_brief.add_parsers(commands, common)
    cli_report.add_parsers(commands, common)
    cli_doctor.add_parsers(commands, common)

    manifest = commands.add_parser("manifest", parents=[common], help="print a chat app manifest")
    platforms = manifest.add_subparsers(dest="platform", metavar="PLATFORM", required=True)
    slack = platforms.add_parser("slack", parents=[common], help="the Slack app manifest (YAML)")
    slack.add_argument(
        "--url", help="public base URL, e.g. https://signoff.example (not with --socket-mode)"
    )
    slack.add_argument("--socket-mode", action="store_true", help="connect over Socket Mode")
    slack.add_argument(
        "--oauth", action="store_true", help="installed in many workspaces (needs --url)"
    )
    slack.set_defaults(run=_slack_manifest)
    teams = platforms.add_parser("teams", parents=[common], help="the Teams app package (zip)")
    teams.add_argument("--app-id", required=True, help="the Azure Bot's Microsoft App ID")
    teams.add_argument("--out", default="signoff-teams.zip", metavar="FILE", help="the zip")
    teams.add_argument("--version", dest="app_version", default="1.0.0", help="app version")
    teams.add_argument(
        "--graph-files",
        action="store_true",
        help="ask each team to let Signoff read its channel messages' files through Microsoft "
        "Graph (on by itself when teams.graph_files is)",
    )
    teams.set_defaults(run=_teams_manifest)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `signoff` with `argv` (default: the process's); returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors have printed already
        return exc.code if isinstance(exc.code, int) else 2
    # The server logs what it does; a one-shot command says in one line what went wrong.
    level = logging.ERROR
    if args.command == "run":
        level = getattr(logging, args.log_level.upper())
    json_lines = getattr(args, "log_format", "plain") == "json"
    configure_logging(level=level, json_lines=json_lines)
    locale = "en"  # a refusal from the core speaks the configured default, as the console does
    try:
        settings = load_settings(args.config)
        locale = settings.defaults.locale
        # Now that the secrets are known, mask them in everything logged from here on.
        configure_logging(
            level=level, json_lines=json_lines, secrets=secrets_in(settings.model_dump())
        )
        return asyncio.run(args.run(args, settings))
    except ConfigError as exc:
        return fail(str(exc), status=2)
    except cli_admin.BadInput as exc:
        return fail(str(exc), status=2)
    except (StartupError, DemoError) as exc:
        return fail(str(exc))
    except SignoffError as exc:
        return fail(tr(locale, exc.message, **exc.params))
    except StorageUnavailable:
        return fail("the database is unavailable: nothing was saved")
    except OSError as exc:  # e.g. the server's port is taken, or a file cannot be read
        return fail(" ".join(str(exc).split()) or type(exc).__name__)
    except KeyboardInterrupt:
        return 130


def fail(message: str, *, status: int = 1) -> int:
    print(f"signoff: {message}", file=sys.stderr)
    return status


def say(lines: Sequence[str], *, ok: bool = True) -> None:
    for line in lines:
        print(line, file=sys.stdout if ok else sys.stderr)


def _printing(runner: cli_admin.Runner) -> Callable[..., Awaitable[int]]:
    """Print what an admin subcommand has to say: stdout when it worked, stderr when not."""

    async def run(args: argparse.Namespace, settings: Settings) -> int:
        outcome = await runner(args, settings)
        say(
            outcome.lines if outcome.ok else [f"signoff: {line}" for line in outcome.lines],
            ok=outcome.ok,
        )
        return 0 if outcome.ok else 1

    return run


async def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    revision = await upgrade_database(settings)
    say([f"Database schema is at revision {revision}."])
    return 0


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    async with await build_runtime(settings) as runtime:
        return await chat(
            runtime.services,
            person=args.person or os_user(),
            project_key=args.project,
            io=terminal_io(sys.stdin, sys.stdout),
        )


async def _demo(args: argparse.Namespace, settings: Settings) -> int:
    async with await build_runtime(settings) as runtime:
        say([await seed_demo(runtime.services, person=args.person or os_user())])
    return 0


async def _slack_manifest(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.slack.manifest import manifest_yaml

    # Socket Mode has no request URL: Signoff connects out to Slack, so none is asked for.
    if args.url is None and not args.socket_mode:
        return fail("--url is required unless --socket-mode (Slack needs an address)", status=2)
    if args.url is not None and not args.url.startswith("https://"):
        return fail("--url must start with https:// (Slack calls only HTTPS URLs)", status=2)
    if args.oauth and args.url is None:
        return fail("--oauth needs --url: Slack sends installers back to it", status=2)
    sys.stdout.write(manifest_yaml(args.url or "", socket_mode=args.socket_mode, oauth=args.oauth))
    return 0


async def _teams_manifest(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.teams.manifest import ManifestError, package

    try:
        graph = args.graph_files or settings.teams.graph_files
        written = package(
            args.app_id,
            Path(args.out),
            version=args.app_version,
            graph_files=graph,
            about=settings.teams.manifest,
        )
    except ManifestError as exc:
        return fail(str(exc), status=2)
    except OSError as exc:
        return fail(f"cannot write {args.out}: {exc.strerror or exc}", status=2)
    say([f"Wrote the Teams app package {written}: upload it in Teams (Apps, Manage your apps)."])
    return 0


def _routes_of(platform: PlatformAdapter) -> RouteInstaller:
    """The platform's routes as an installer (the platform was built on the runtime already)."""
    return lambda app, _runtime: platform.install(app)


async def _serve(args: argparse.Namespace, settings: Settings) -> int:
    logger.info("%s", surfaces_line(settings, no_scheduler=args.no_scheduler))
    async with await build_runtime(settings) as runtime:
        host = args.host or settings.server.host
        port = settings.server.port if args.port is None else args.port
        platforms = build_platforms(runtime)
        installers = [_routes_of(p) for p in platforms]
        installers.append(page_routes.install)  # GET /p/{token}: the project pages
        if os.environ.get("SIGNOFF_LOOP_LAG_PROBE") == "1":
            installers.append(lagprobe.install)
        if settings.scheduler.enabled and not args.no_scheduler:
            installers.append(scheduler_installer(platforms, write=lambda text: say([text])))
        try:
            await serve(runtime, host=host, port=port, installers=installers)
        finally:
            for platform in platforms:
                await platform.aclose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
