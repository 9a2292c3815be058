"""Links to a project's read-only web page: signed, expiring, revocable.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "page_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.String(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_page_links_project_id_projects",
            ondelete="CASCADE",
        ),
        *(
            sa.ForeignKeyConstraint([column], ["people.id"], name=f"fk_page_links_{column}_people")
            for column in ("created_by_id", "revoked_by_id")
        ),
        sa.PrimaryKeyConstraint("id", name="pk_page_links"),
        sa.UniqueConstraint("link_id", name="uq_page_links_link_id"),
    )
    op.create_index("ix_page_links_project_id", "page_links", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_page_links_project_id", table_name="page_links")
    op.drop_table("page_links")
