"""period scoring: one scoring framework and weighting per portfolio period

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:40:00

`capacity.framework`, `capacity.weights`: how the portfolio scores every need for the period
(core/comparable.py): a framework ("weighted", "wsjf", "rice"; NULL: the weighted score) and,
for the weighted score, its weights as typed ("40/25/20/15"; NULL: those). The capacity table is
the library's own and not sealed, so nothing is resealed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("capacity", sa.Column("framework", sa.String(), nullable=True))
    op.add_column("capacity", sa.Column("weights", sa.String(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE capacity DROP COLUMN weights")
    op.execute("ALTER TABLE capacity DROP COLUMN framework")
