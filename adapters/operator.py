"""The operator: whoever runs the admin CLI, as the core sees them."""

from __future__ import annotations

import getpass
import logging

from bot.invocation import Invocation
from bot.model import Identity, Platform

logger = logging.getLogger(__name__)


def os_user() -> str:
    """The login name of whoever runs the process."""
    try:
        return getpass.getuser() or "operator"
    except Exception:  # no USER/LOGNAME and no passwd entry, as in some containers
        return "operator"


def operator_invocation(project_key: str | None = None) -> Invocation:
    """The installer at the admin CLI, who may do anything on any project."""
    user = os_user()
    return Invocation(
        identity=Identity(platform=Platform.CONSOLE, tenant="cli", user_id=user),
        display_name=user,
        project_key=project_key,
        operator=True,
    )
