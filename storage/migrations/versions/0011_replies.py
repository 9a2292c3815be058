"""The reply outbox: replies committed with their command, delivered after the answer.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reply_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("lane", sa.String(), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("not_before", INSTANT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=False),
        sa.Column("lease_until", INSTANT, nullable=True),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reply_outbox"),
    )
    op.create_index("ix_reply_outbox_status_not_before", "reply_outbox", ["status", "not_before"])


def downgrade() -> None:
    op.drop_index("ix_reply_outbox_status_not_before", table_name="reply_outbox")
    op.drop_table("reply_outbox")
