"""Lessons learned, kept for the close-out report.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_lessons_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name="fk_lessons_author_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_lessons"),
    )
    op.create_index("ix_lessons_project_id", "lessons", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_lessons_project_id", table_name="lessons")
    op.drop_table("lessons")
