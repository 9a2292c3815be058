"""Slack's OAuth installs (one row per workspace, or per Enterprise Grid org for an org-wide
install) and the OAuth flow's one-use states. The installation itself is kept as an opaque
sealed blob: the adapter encrypts it (tokens included) before it reaches these tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables_base import Base


class SlackInstallationRow(Base):
    """The latest installation of the app in a workspace or org. Ids bolt leaves out (no
    enterprise outside Grid, no team for an org-wide install) are kept as "" so the unique key
    holds on every database (NULLs never collide)."""

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("client_id", "enterprise_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str]
    enterprise_id: Mapped[str]
    team_id: Mapped[str]
    is_enterprise_install: Mapped[bool]
    installer_user_id: Mapped[str]
    sealed: Mapped[str] = mapped_column(Text)  # Fernet token of the installation's JSON
    installed_at: Mapped[datetime]


class SlackOAuthStateRow(Base):
    """A state handed out with /slack/install, consumed (deleted) by the redirect that brings
    it back; one past its expiry is refused."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(primary_key=True)
    expires_at: Mapped[datetime]
