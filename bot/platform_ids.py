"""What a person's id looks like on each platform. A typed id of another shape names nobody and
is refused; the adapters make a mention only of an id of the right shape, so a stored id can
never turn into markup (Slack's "<@UX><!channel>" pings a whole channel)."""

from __future__ import annotations

import re

from bot.errors import UsageError
from bot.i18n import N_
from bot.model import Identity, Platform

# Slack: user ids start with U (W for Enterprise Grid). Teams: the AAD object id, a GUID.
# The console names people by any word; it has no markup to escape into.
_USER_IDS = {
    Platform.SLACK: re.compile(r"[UW][A-Z0-9]{2,}", re.ASCII),
    Platform.TEAMS: re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", re.ASCII | re.I),
}
_REFUSALS = {
    Platform.SLACK: N_("“{who}” is not a Slack user: @-mention them, so Slack says who they are."),
    Platform.TEAMS: N_(
        "“{who}” is not a Teams user id: give their Azure AD object id, like "
        "8f2e6c1a-3b4d-4e5f-9a0b-1c2d3e4f5a6b."
    ),
}
_SHOWN = 40  # of a refused id, echoed back


def is_user_id(identity: Identity) -> bool:
    """True when the id has its platform's shape (any id on a platform without one)."""
    shape = _USER_IDS.get(identity.platform)
    return shape is None or shape.fullmatch(identity.user_id) is not None


def require_user_id(identity: Identity, *, typed: str, verb: str) -> Identity:
    """The identity a person typed, or a UsageError of `verb` saying what an id looks like."""
    if not is_user_id(identity):
        raise UsageError(verb, _REFUSALS[identity.platform], who=typed[:_SHOWN])
    return identity
