"""postings record who chose their occupation code: the firm or the model

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POSTINGS = sa.table(
    "postings",
    sa.column("id", sa.Integer()),
    sa.column("occupation_code", sa.String()),
    sa.column("occupation_probs", sa.JSON()),
    sa.column("occupation_code_source", sa.String()),
)


def chosen_by_the_model(code: str | None, probs: object) -> bool:
    """Whether an existing row's code came from the classifier, as far as its columns tell.

    The rule `fairmatch occupations reclassify` went by before this column (frozen here): no
    code, or a stored distribution whose most likely code is the posting's and which is not the
    single certain entry a hand-set code the title does not support is stored as. A code set by
    hand that was also the title's most likely one cannot be told apart and counts as the
    model's; a code with no stored distribution (from before 0010) counts as the firm's, as
    reclassify kept it.
    """
    if code is None:
        return True
    if not isinstance(probs, list) or not probs:
        return False
    first = probs[0]
    top = first[0] if isinstance(first, list | tuple) and len(first) == 2 else None
    return top == code and probs != [[code, 1.0]]


def upgrade() -> None:
    op.add_column(
        "postings",
        sa.Column(
            "occupation_code_source",
            sa.Enum("firm", "model", name="occupation_source", native_enum=False, length=32),
            nullable=False,
            server_default=sa.text("'model'"),
        ),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_POSTINGS.c.id, _POSTINGS.c.occupation_code, _POSTINGS.c.occupation_probs)
    )
    by_firm = [
        {"row_id": row.id}
        for row in rows
        if not chosen_by_the_model(row.occupation_code, row.occupation_probs)
    ]
    if by_firm:
        connection.execute(
            _POSTINGS.update()
            .where(_POSTINGS.c.id == sa.bindparam("row_id"))
            .values(occupation_code_source="firm"),
            by_firm,
        )


def downgrade() -> None:
    op.drop_column("postings", "occupation_code_source")
