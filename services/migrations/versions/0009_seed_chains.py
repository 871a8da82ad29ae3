"""seed Changzhou's industrial chains from services/insights/data/chains.csv; firms join by industry

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:30:00
"""

from collections.abc import Sequence

from alembic import op

from services.insights.chains_catalogue import assign_by_industry, seed_chains

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Once per database: later catalogue additions come with `fairmatch chains seed`.
    connection = op.get_bind()
    seed_chains(connection)
    assign_by_industry(connection)


def downgrade() -> None:
    # Chains may have been edited since: they stay (0007's downgrade drops the tables).
    pass
