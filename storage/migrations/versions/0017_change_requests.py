"""Change requests (CR-n): work beyond the brief, with an exact price in the currency's minor
units, the working days it adds to a milestone, and its one decision.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("milestone", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", INSTANT, nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", INSTANT, nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *(
            sa.ForeignKeyConstraint(
                [column], ["people.id"], name=f"fk_change_requests_{column}_people"
            )
            for column in ("raised_by_id", "sent_by_id", "decided_by_id")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_change_requests_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_change_requests"),
        sa.UniqueConstraint("project_id", "number", name="uq_change_requests_project_id_number"),
    )


def downgrade() -> None:
    op.drop_table("change_requests")
