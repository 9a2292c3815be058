"""Platform plumbing: handled deliveries (exactly-once inbound), card posts (update every copy),
conversation references (proactive posts), and a problem recorded on unhealthy bindings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("bindings") as batch:
        batch.add_column(sa.Column("problem", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("problem_at", INSTANT, nullable=True))

    op.create_table(
        "inbound_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("delivery_id", sa.String(), nullable=False),
        sa.Column("received_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inbound_deliveries"),
        sa.UniqueConstraint(
            "platform", "delivery_id", name="uq_inbound_deliveries_platform_delivery_id"
        ),
    )
    op.create_index("ix_inbound_deliveries_received_at", "inbound_deliveries", ["received_at"])

    op.create_table(
        "card_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_key", sa.String(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("posted_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_card_posts"),
        sa.UniqueConstraint(
            "card_key",
            "platform",
            "tenant",
            "channel",
            "message_id",
            name="uq_card_posts_card_key_platform_tenant_channel_message_id",
        ),
    )
    op.create_index("ix_card_posts_card_key", "card_posts", ["card_key"])

    op.create_table(
        "conversation_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_refs"),
        sa.UniqueConstraint(
            "platform", "tenant", "channel", name="uq_conversation_refs_platform_tenant_channel"
        ),
    )


def downgrade() -> None:
    op.drop_table("conversation_refs")
    op.drop_index("ix_card_posts_card_key", table_name="card_posts")
    op.drop_table("card_posts")
    op.drop_index("ix_inbound_deliveries_received_at", table_name="inbound_deliveries")
    op.drop_table("inbound_deliveries")
    with op.batch_alter_table("bindings") as batch:
        batch.drop_column("problem_at")
        batch.drop_column("problem")
