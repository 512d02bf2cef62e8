"""row versions: several facilitators at once, a stale write refused

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:45:00

`row_version` counts the changes of each edited row (keyed by its kind and id, with its
workshop for reading a whole workshop's versions at once). A write checks the version its view
was read at and moves it on in the same transaction (storage/versions.py), so a write based on
a view that another facilitator has since changed is refused, never silently overwritten.

A table of its own rather than a column on every table: the revision's tables are sealed, and
adding a column to each would mean new seal triggers and a reseal of every row. A row without
an entry is at version 0, so nothing needs filling in here. Not sealed: a version is not
content, and a signed-off revision is never written again anyway.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "row_version",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id", name=op.f("pk_row_version")),
    )
    op.create_index(
        op.f("ix_row_version_workshop_id"), "row_version", ["workshop_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_row_version_workshop_id"), table_name="row_version")
    op.drop_table("row_version")
