"""insights foundation: industrial chains, firm grade mappings, schools, training providers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEVELS = (
    "apprentice",
    "junior",
    "intermediate",
    "senior",
    "technician",
    "senior_technician",
    "principal_technician",
    "chief_technician",
)


def upgrade() -> None:
    op.create_table(
        "chains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("industries", sa.JSON(), nullable=False),
        sa.Column("occupation_codes", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "enterprise_chains",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["chain_id"], ["chains.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("enterprise_id", "chain_id"),
    )
    op.create_index("ix_enterprise_chains_chain_id", "enterprise_chains", ["chain_id"])
    op.create_table(
        "grade_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("grade_name", sa.String(length=50), nullable=False),
        sa.Column(
            "skill_level",
            sa.Enum(*_LEVELS, name="skill_level", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "guess", "firm", "organizer", name="grade_source", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "grade_name"),
    )
    op.create_index("ix_grade_mappings_enterprise_id", "grade_mappings", ["enterprise_id"])
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("majors", sa.JSON(), nullable=False),
        sa.Column("occupation_codes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "training_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("courses", sa.JSON(), nullable=False),
        sa.Column("certificates", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column(
        "postings",
        sa.Column("firm_grade", sa.String(length=50), nullable=False, server_default=""),
    )
    with op.batch_alter_table("resumes") as batch:
        batch.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("share_with_school", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_foreign_key(
            "fk_resumes_school_id_schools", "schools", ["school_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_resumes_school_id", ["school_id"])


def downgrade() -> None:
    with op.batch_alter_table("resumes") as batch:
        batch.drop_index("ix_resumes_school_id")
        batch.drop_constraint("fk_resumes_school_id_schools", type_="foreignkey")
        batch.drop_column("share_with_school")
        batch.drop_column("school_id")
    op.drop_column("postings", "firm_grade")
    op.drop_table("training_providers")
    op.drop_table("schools")
    op.drop_index("ix_grade_mappings_enterprise_id", table_name="grade_mappings")
    op.drop_table("grade_mappings")
    op.drop_index("ix_enterprise_chains_chain_id", table_name="enterprise_chains")
    op.drop_table("enterprise_chains")
    op.drop_table("chains")
