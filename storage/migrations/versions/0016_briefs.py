"""The project's brief, in versions: each a draft or exactly what was sent to the client, with
its budget in the currency's minor units.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "briefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("deliverables", sa.JSON(), nullable=False),
        sa.Column("out_of_scope", sa.JSON(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=True),
        sa.Column("budget_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("drafted_by_id", sa.Integer(), nullable=True),
        sa.Column("drafted_at", INSTANT, nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", INSTANT, nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *(
            sa.ForeignKeyConstraint([column], ["people.id"], name=f"fk_briefs_{column}_people")
            for column in ("drafted_by_id", "sent_by_id", "decided_by_id")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_briefs_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_briefs"),
        sa.UniqueConstraint("project_id", "version", name="uq_briefs_project_id_version"),
    )


def downgrade() -> None:
    op.drop_table("briefs")
