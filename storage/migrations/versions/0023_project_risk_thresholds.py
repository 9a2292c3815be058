"""A project's own thresholds for the risks Signoff raises by itself.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A row only for a project a PM gave thresholds of its own; NULL: the studio's.
    op.create_table(
        "project_risk_thresholds",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("overdue_days", sa.Integer(), nullable=True),
        sa.Column("rounds_left", sa.Integer(), nullable=True),
        sa.Column("silence_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_project_risk_thresholds_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name="pk_project_risk_thresholds"),
    )


def downgrade() -> None:
    op.drop_table("project_risk_thresholds")
