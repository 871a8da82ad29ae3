"""postings keep their occupation distribution (the codes ranking reads, with probabilities)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows start empty: ranking classifies their title live, as before, until
    # `fairmatch occupations reclassify` fills them.
    op.add_column(
        "postings",
        sa.Column("occupation_probs", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    op.drop_column("postings", "occupation_probs")
