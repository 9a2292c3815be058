"""Members who can be removed and re-added (who added them and when, who removed them and when),
and display names an administrator gave, which a platform's profile name never overwrites.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN everywhere: a SQLite batch copy of `people` or `members` would have to
    # drop tables other rows refer to. The *_by columns hold people ids without a foreign key
    # for the same reason.
    op.add_column(
        "people", sa.Column("name_given", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("members", sa.Column("added_by", sa.Integer(), nullable=True))
    op.add_column("members", sa.Column("added_at", INSTANT, nullable=True))
    op.add_column("members", sa.Column("removed_by", sa.Integer(), nullable=True))
    op.add_column("members", sa.Column("removed_at", INSTANT, nullable=True))


def downgrade() -> None:
    for column in ("removed_at", "removed_by", "added_at", "added_by"):
        op.drop_column("members", column)
    op.drop_column("people", "name_given")
