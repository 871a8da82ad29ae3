"""résumés keep their occupation distribution (top-5 codes with probabilities)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 06:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows start empty: ranking then treats their stored code as certain, as before.
    op.add_column(
        "resumes",
        sa.Column("occupation_probs", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    op.drop_column("resumes", "occupation_probs")
