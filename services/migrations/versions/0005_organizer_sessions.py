"""organizer dashboard sessions kept server-side (issue 22 row 10)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('organizer_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organizer_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizer_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_organizer_sessions_token_hash'))
    )
    with op.batch_alter_table('organizer_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizer_sessions_organizer_id'), ['organizer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('organizer_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizer_sessions_organizer_id'))
    op.drop_table('organizer_sessions')
