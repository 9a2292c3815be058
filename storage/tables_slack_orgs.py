"""Which Enterprise Grid org each Slack workspace belongs to, learnt from the requests that
arrive from it. An org-wide install is keyed by its enterprise alone, while an outbound post
knows only the workspace (the binding's team id): this row leads from one to the other."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from storage.tables_base import Base


class SlackWorkspaceOrgRow(Base):
    __tablename__ = "slack_workspace_orgs"

    client_id: Mapped[str] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(primary_key=True)
    enterprise_id: Mapped[str]
