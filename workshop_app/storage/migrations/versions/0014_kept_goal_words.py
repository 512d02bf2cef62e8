"""kept goal words: “Keep ours” for a company goal that changed since a workshop took it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 16:00:00

`kept_goal_words`: a workshop (its lineage) keeps its own words of a library company goal
against one newer version of it (storage/company_goals.py `keep_our_words`), so the quiet note
"The company's goal changed since" stays away for that version after the app closes, and comes
back when the library has a later one.

Kept with the library, beside the revision rather than in it: choosing to keep one's words
changes nothing in the workshop, so it must not touch a revision's content, digest or
signatures, and it can be chosen on a signed-off revision too. So it is not sealed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_goal_words",
        sa.Column("lineage_id", sa.String(), nullable=False),
        sa.Column("library_goal_id", sa.String(), nullable=False),
        sa.Column("library_version", sa.Integer(), nullable=False),
        sa.Column("kept_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_goal_id"],
            ["company_goal.id"],
            name=op.f("fk_kept_goal_words_library_goal_id_company_goal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "lineage_id", "library_goal_id", "library_version", name=op.f("pk_kept_goal_words")
        ),
    )


def downgrade() -> None:
    op.drop_table("kept_goal_words")
