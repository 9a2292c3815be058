"""Typed settings read from app.yaml (or built-in defaults) with ${VAR:-default} interpolation."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from adapters.admission import DEFAULT_MAX_IN_FLIGHT
from adapters.page_settings import DEFAULTS as PAGES_DEFAULTS
from adapters.page_settings import PagesSettings
from adapters.scheduler_settings import SchedulerSettings
from adapters.settings_base import Block
from adapters.slack.settings import DEFAULTS as SLACK_DEFAULTS
from adapters.slack.settings import SlackSettings
from adapters.teams.settings import DEFAULTS as TEAMS_DEFAULTS
from adapters.teams.settings import TeamsSettings
from bot.dates import WEEKDAYS, Weekday
from bot.model import Severity
from bot.policy import Policy

logger = logging.getLogger(__name__)

CONFIG_ENV = "SIGNOFF_CONFIG"
DEFAULT_FILE = "app.yaml"
BUILTIN = "built-in defaults"
# What applies when a key (or the whole file) is absent; interpolated like the file itself.
BUILTIN_DEFAULTS: dict[str, Any] = {
    "database": {"url": "${DATABASE_URL:-sqlite:///signoff.db}"},
    "server": {"host": "0.0.0.0", "port": "${PORT:-3978}"},
    "slack": SLACK_DEFAULTS,
    "teams": TEAMS_DEFAULTS,
    "pages": PAGES_DEFAULTS,
}
URL_SCHEMES = ("sqlite", "postgresql", "postgres")
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]+@")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}")


class ConfigError(Exception):
    """A configuration problem, as one line naming the file and the key."""


_Block = Block


class DatabaseSettings(_Block):
    url: str

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.split(":", 1)[0].split("+", 1)[0].lower()
        if scheme not in URL_SCHEMES:
            raise ValueError("expected sqlite:///FILE or postgresql://USER@HOST/DB")
        return value


class ServerSettings(_Block):
    host: str = "0.0.0.0"
    port: int = Field(default=3978, ge=0, le=65535)
    # Commands one process has acknowledged and is still working on; beyond this, new ones are
    # answered "busy" at once (adapters.admission).
    max_in_flight: int = Field(default=DEFAULT_MAX_IN_FLIGHT, ge=1)
    # At SIGTERM: seconds to finish the requests and deliveries in hand before handing the
    # rest back to the other instances.
    shutdown_grace: float = Field(default=20.0, gt=0)
    # Seconds an instance holds a reply it is delivering; a crashed instance's replies are
    # delivered by another one after this.
    reply_lease: float = Field(default=60.0, ge=1)
    # /readyz turns unready (503) while the oldest undelivered reply is older than this.
    reply_backlog: float = Field(default=120.0, gt=0)


class Hours(_Block):
    start: time
    end: time


class ResponseHours(_Block):
    critical: float = Field(default=4, gt=0)
    high: float = Field(default=8, gt=0)
    medium: float = Field(default=24, gt=0)
    low: float = Field(default=72, gt=0)


class Defaults(_Block):
    locale: Literal["en", "zh-CN"] = "en"
    timezone: str = "UTC"
    working_days: tuple[Weekday, ...] = WEEKDAYS[:5]
    workday: Hours = Hours(start=time(9, 0), end=time(18, 0))
    quiet_hours: Hours = Hours(start=time(20, 0), end=time(8, 0))
    revision_rounds: int = Field(default=2, ge=0)
    response_hours: ResponseHours = ResponseHours()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone (expected a name like Europe/London)") from None
        return value

    @field_validator("workday")
    @classmethod
    def _day_in_order(cls, value: Hours) -> Hours:
        if value.start >= value.end:
            raise ValueError("the workday must start before it ends")
        return value

    @field_validator("working_days")
    @classmethod
    def _some_days(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or len(set(value)) != len(value):
            raise ValueError("list each working day once, e.g. [mon, tue, wed, thu, fri]")
        return value


class Settings(_Block):
    database: DatabaseSettings
    server: ServerSettings = ServerSettings()
    defaults: Defaults = Defaults()
    slack: SlackSettings = SlackSettings()
    teams: TeamsSettings = TeamsSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    pages: PagesSettings = PagesSettings()
    _source: str = PrivateAttr(default=BUILTIN)

    @property
    def source(self) -> str:
        """Where these settings came from: a file name or the built-in defaults."""
        return self._source

    def policy(self) -> Policy:
        """The studio rules the core applies, from the `defaults` block."""
        d = self.defaults
        return Policy(
            default_locale=d.locale,
            default_timezone=d.timezone,
            revision_rounds=d.revision_rounds,
            working_days=tuple(sorted(WEEKDAYS.index(day) for day in d.working_days)),
            workday_start=d.workday.start,
            workday_end=d.workday.end,
            quiet_start=d.quiet_hours.start,
            quiet_end=d.quiet_hours.end,
            response_hours={s: getattr(d.response_hours, s.value) for s in Severity},
        )


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings: `path`, else $SIGNOFF_CONFIG, else ./app.yaml, else built-in defaults."""
    env = os.environ if env is None else env
    chosen = path or env.get(CONFIG_ENV) or (DEFAULT_FILE if Path(DEFAULT_FILE).is_file() else None)
    if chosen is None:
        return settings_from_mapping({}, source=BUILTIN, env=env)
    source = str(chosen)
    try:
        text = Path(chosen).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read the file ({exc.strerror or exc})") from None
    try:
        raw = yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{source}: not valid YAML{line}: {problem}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level")
    logger.debug("configuration from %s", source)
    return settings_from_mapping(raw, source=source, env=env)


def settings_from_mapping(
    raw: Mapping[str, Any], *, source: str = BUILTIN, env: Mapping[str, str] | None = None
) -> Settings:
    """Validate a parsed configuration (built-in defaults underneath), interpolating strings."""
    env = os.environ if env is None else env
    merged = _interpolate(_merge(BUILTIN_DEFAULTS, raw), env, source, ())
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_one_line(source, exc)) from None
    settings._source = source
    return settings


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge(below, value)
        elif isinstance(below, Mapping) and value is None:
            continue  # "server:" with nothing under it keeps the defaults
        else:
            merged[key] = value
    return merged


def _interpolate(value: Any, env: Mapping[str, str], source: str, path: tuple[str, ...]) -> Any:
    if isinstance(value, Mapping):
        return {k: _interpolate(v, env, source, (*path, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, env, source, (*path, str(i))) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name, has_default, default = match.group(1), match.group(2), match.group(3)
        found = env.get(name)
        if has_default is not None:
            return found if found else default
        if found is None:
            key = ".".join(path)
            raise ConfigError(
                f"{source}: {key}: environment variable {name} is not set "
                f"(set it, or write ${{{name}:-default}})"
            )
        return found

    return _VAR.sub(substitute, value)


def _one_line(source: str, exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        detail = "unknown key"
    elif error["type"] == "missing":
        detail = "required"
    else:
        detail = error["msg"].removeprefix("Value error, ")
        if error["type"].endswith("_parsing"):  # "…, unable to parse string as an integer"
            detail = detail.split(", ")[0]
        if _shown(key, error["input"]):
            detail = f"{detail}, got {redact(repr(error['input']))}"
    more = len(exc.errors()) - 1
    return f"{source}: {key}: {detail}" + (f" (and {more} more)" if more else "")


def _shown(key: str, value: Any) -> bool:
    """Whether a refused value may be echoed back: never a secret's, and never a whole block
    (a check of several settings at once refuses all of them, secrets included)."""
    secret = any(word in key.lower() for word in ("secret", "token", "password", "key"))
    return not secret and not isinstance(value, Mapping | BaseModel)


def redact(text: str) -> str:
    """Hide the password of any URL in `text` (for messages and logs)."""
    return _PASSWORD.sub(r"\1***@", text)


class _Loader(yaml.SafeLoader):
    """YAML 1.1 without sexagesimal numbers, so 18:00 stays a time and is never 1080."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:int",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
