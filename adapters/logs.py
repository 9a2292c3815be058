"""Logging: plain or JSON lines, a request id that follows a command from the HTTP request to the
platform call, and configured secrets masked in every record, tracebacks included."""

from __future__ import annotations

import contextvars
import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

# Set by the HTTP middleware for the request being handled; tasks spawned inside inherit it.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
MASK = "***"
_SECRET_KEY = re.compile(r"token|secret|password", re.IGNORECASE)
PLAIN = "%(asctime)s %(levelname)s %(name)s%(request)s: %(message)s"
# A project page link is a credential: the access log's request lines must not hand it out.
_PAGE_LINK = re.compile(r"/p/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}")
# Slack's tokens by their shape (bot xoxb-, user xoxp-, refresh xoxe-, app xapp- …): in OAuth
# mode each workspace's arrive at run time, so no configured list can name them all.
_SLACK_TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9.-]+")


class _Masking(logging.Formatter):
    """Formats a record, then replaces every secret's text with ***."""

    def __init__(self, *, secrets: Iterable[str], json_lines: bool) -> None:
        super().__init__(PLAIN)
        # Short values would mask ordinary words; real tokens and passwords are long.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        self._json = json_lines

    def _mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _SLACK_TOKEN.sub(lambda found: f"{found.group(1)}-{MASK}", text)
        return _PAGE_LINK.sub(f"/p/{MASK}", text)

    def format(self, record: logging.LogRecord) -> str:
        rid = request_id.get()
        record.request = f" [{rid}]" if rid else ""
        if not self._json:
            return self._mask(super().format(record))
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            # Masked before encoding, which would escape a quote or backslash in a secret.
            "message": self._mask(record.getMessage()),
        }
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["exception"] = self._mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(*, level: int, json_lines: bool = False, secrets: Iterable[str] = ()) -> None:
    """Route every logger through one handler on stderr with the masking formatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(_Masking(secrets=secrets, json_lines=json_lines))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def secrets_in(settings: Any) -> list[str]:
    """Every configured value whose key names a token, secret or password, and the password in
    any URL: what must never reach a log line."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(inner, str(name))
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner, key)
        elif isinstance(value, str):
            if _SECRET_KEY.search(key):
                found.append(value)
            elif "://" in value and (password := urlsplit(value).password):
                found.append(password)

    walk(settings)
    return found
