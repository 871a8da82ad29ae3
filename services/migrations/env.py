"""Alembic environment: runs migrations over a sync connection handed in by services.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from services import models  # noqa: F401  (registers the tables)
from services.db import Base, UTCDateTime

target_metadata = Base.metadata
config = context.config


def _render_item(kind: str, obj: Any, _autogen: Any) -> str | Literal[False]:
    """Render our UTCDateTime as the plain timezone-aware DateTime it stores."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
