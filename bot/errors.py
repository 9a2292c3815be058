"""Errors the core answers with a sentence in the user's language instead of a traceback."""

from __future__ import annotations

from typing import Any


class SignoffError(Exception):
    """A refusal to show the user: an English message id (see bot.i18n) and its parameters."""

    # The message and verb are positional-only, so a parameter that shares their name (a usage
    # error about a "verb") lands in `params` instead of colliding with them.
    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class UsageError(SignoffError):
    """The command was not well formed; the reply adds the verb's usage line."""

    def __init__(self, verb: str, message: str = "", /, **params: Any) -> None:
        super().__init__(message, **params)
        self.verb = verb


class InvalidField(UsageError):
    """One field of the command is wrong (see bot.fields): forms show it beside that field."""

    def __init__(self, verb: str, field: str, message: str, /, **params: Any) -> None:
        super().__init__(verb, message, **params)
        self.field = field


class NotFound(SignoffError):
    pass


class Forbidden(SignoffError):
    pass


class Conflict(SignoffError):
    """The record changed under us, or a unique rule (key, binding, decision) was hit."""


class StorageUnavailable(Exception):
    """The database could not be reached or could not commit: nothing was saved."""
