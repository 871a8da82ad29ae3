"""indexes the talent demand map reads: résumés per fair by occupation × level, and
applications per posting with their status

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The map's supply is résumés grouped by fair × occupation × level: read from the index
    # alone. Its flow counts submitted applications per posting: (posting_id, status) answers
    # that without the table and serves every lookup the posting_id index served, so it
    # replaces it.
    op.create_index(
        "ix_resumes_fair_occupation", "resumes", ["fair_id", "occupation_code", "skill_level"]
    )
    op.create_index("ix_applications_posting_status", "applications", ["posting_id", "status"])
    op.drop_index("ix_applications_posting_id", table_name="applications")


def downgrade() -> None:
    op.create_index("ix_applications_posting_id", "applications", ["posting_id"])
    op.drop_index("ix_applications_posting_status", table_name="applications")
    op.drop_index("ix_resumes_fair_occupation", table_name="resumes")
