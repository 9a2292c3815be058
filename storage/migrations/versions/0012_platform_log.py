"""The adapters' cards and people's platform ids get tables of their own (they were kept in
conversation_refs under "card:…" and "user:…" channels).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)
CARD, USER = "card:", "user:"

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

refs = sa.table(
    "conversation_refs",
    sa.column("id", sa.Integer()),
    sa.column("platform", ENUM),
    sa.column("tenant", sa.String()),
    sa.column("channel", sa.String()),
    sa.column("reference", sa.JSON()),
    sa.column("updated_at", INSTANT),
)


def upgrade() -> None:
    cards = op.create_table(
        "platform_cards",
        sa.Column("card_key", sa.String(), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("card_key", name="pk_platform_cards"),
    )
    people = op.create_table(
        "platform_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("platform_id", sa.String(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_platform_people"),
        sa.UniqueConstraint(
            "platform", "tenant", "user_id", name="uq_platform_people_platform_tenant_user_id"
        ),
    )
    # Read in Python, not with JSON operators: the same on SQLite and PostgreSQL.
    moved = op.get_bind().execute(
        sa.select(refs).where(
            sa.or_(refs.c.channel.startswith(CARD), refs.c.channel.startswith(USER))
        )
    )
    card_rows, people_rows = [], []
    for row in moved:
        if row.channel.startswith(CARD) and isinstance((row.reference or {}).get("card"), dict):
            card_rows.append(
                {
                    "card_key": row.channel.removeprefix(CARD),
                    "card": row.reference["card"],
                    "updated_at": row.updated_at,
                }
            )
        elif row.channel.startswith(USER) and (row.reference or {}).get("id"):
            people_rows.append(
                {
                    "platform": row.platform,
                    "tenant": row.tenant,
                    "user_id": row.channel.removeprefix(USER),
                    "platform_id": str(row.reference["id"]),
                    "updated_at": row.updated_at,
                }
            )
    if card_rows:
        op.bulk_insert(cards, card_rows)
    if people_rows:
        op.bulk_insert(people, people_rows)
    op.execute(
        refs.delete().where(
            sa.or_(refs.c.channel.startswith(CARD), refs.c.channel.startswith(USER))
        )
    )


def downgrade() -> None:
    bind = op.get_bind()
    cards = sa.table(
        "platform_cards",
        sa.column("card_key", sa.String()),
        sa.column("card", sa.JSON()),
        sa.column("updated_at", INSTANT),
    )
    people = sa.table(
        "platform_people",
        sa.column("platform", ENUM),
        sa.column("tenant", sa.String()),
        sa.column("user_id", sa.String()),
        sa.column("platform_id", sa.String()),
        sa.column("updated_at", INSTANT),
    )
    rows = [{"platform": "teams", "tenant": "", "channel": CARD + r.card_key,
             "reference": {"card": r.card}, "updated_at": r.updated_at}
            for r in bind.execute(sa.select(cards))]  # fmt: skip
    rows += [{"platform": r.platform, "tenant": r.tenant, "channel": USER + r.user_id,
              "reference": {"id": r.platform_id}, "updated_at": r.updated_at}
             for r in bind.execute(sa.select(people))]  # fmt: skip
    if rows:
        op.bulk_insert(refs, rows)
    op.drop_table("platform_people")
    op.drop_table("platform_cards")
