"""Feedback and issues keep their history (edits, resolutions, reopenings) and feedback its
resolution time; each person's last list per conversation, so `more` can page it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("feedback", sa.Column("resolved_at", INSTANT, nullable=True))
    for table in ("feedback", "issues"):
        op.add_column(table, sa.Column("history", sa.JSON(), server_default="[]", nullable=False))
    op.create_table(
        "list_cursors",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("listing", sa.JSON(), nullable=False),
        sa.Column("next_offset", sa.Integer(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name="fk_list_cursors_person_id_people",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_list_cursors_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "place", name="pk_list_cursors"),
    )
    op.create_index("ix_list_cursors_project_id", "list_cursors", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_list_cursors_project_id", table_name="list_cursors")
    op.drop_table("list_cursors")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+), as 0005 does: no batch copy of tables
    # other rows refer to.
    for table in ("issues", "feedback"):
        op.drop_column(table, "history")
    op.drop_column("feedback", "resolved_at")
