"""offline copies: a workshop taken offline to a laptop and brought back

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:40:00

`check_out`: in the library a workshop was taken from, who took it offline, when, and to which
laptop. `offline_copy`: in the laptop's library, where the copy came from and the workshop as it
was taken (interchange JSON), the base that bringing it back merges against (storage/offline.py).
Neither is part of a revision, so neither is sealed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "check_out",
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_check_out_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_check_out")),
    )
    op.create_table(
        "offline_copy",
        sa.Column("workshop_id", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_offline_copy_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_offline_copy")),
    )


def downgrade() -> None:
    op.drop_table("offline_copy")
    op.drop_table("check_out")
