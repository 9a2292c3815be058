"""What each version was submitted with: its deliverables (links, and files shared in chat with
their size and SHA-256), kept as a JSON list on the version; and the queue of shared files
still to be read for their SHA-256.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "milestone_versions",
        sa.Column("deliverables", sa.JSON(), server_default="[]", nullable=False),
    )
    op.create_table(
        "file_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_file_reads_milestone_id_milestones",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_file_reads"),
    )
    op.create_index("ix_file_reads_not_before", "file_reads", ["not_before"])


def downgrade() -> None:
    op.drop_index("ix_file_reads_not_before", table_name="file_reads")
    op.drop_table("file_reads")
    op.drop_column("milestone_versions", "deliverables")
