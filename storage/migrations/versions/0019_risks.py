"""The risk register (RK-n): likelihood, impact, owner, mitigation, whether the client sees it,
and for a risk Signoff raised by itself the key it is raised once under and its evidence.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("likelihood", ENUM, nullable=False),
        sa.Column("impact", ENUM, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("key", sa.String(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", INSTANT, nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", INSTANT, nullable=True),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *(
            sa.ForeignKeyConstraint([column], ["people.id"], name=f"fk_risks_{column}_people")
            for column in ("owner_id", "raised_by_id", "closed_by_id")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_risks_project_id_projects", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_risks"),
        sa.UniqueConstraint("project_id", "number", name="uq_risks_project_id_number"),
        sa.UniqueConstraint("project_id", "key", name="uq_risks_project_id_key"),
    )


def downgrade() -> None:
    op.drop_table("risks")
