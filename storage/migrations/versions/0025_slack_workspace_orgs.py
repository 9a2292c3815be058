"""Which Enterprise Grid org a Slack workspace belongs to, so posts to a workspace of an
org-wide install find the org's installation after a restart.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_workspace_orgs",
        sa.Column("client_id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("enterprise_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "team_id", name="pk_slack_workspace_orgs"),
    )


def downgrade() -> None:
    op.drop_table("slack_workspace_orgs")
