"""The embedded database keeps what it acknowledged: WAL, a full sync per commit, foreign keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from services.db import create_engine


async def test_sqlite_connections_sync_every_commit_and_enforce_foreign_keys(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fair.db'}")
    try:
        async with engine.connect() as conn:
            assert (await conn.scalar(text("PRAGMA journal_mode"))) == "wal"
            assert (await conn.scalar(text("PRAGMA synchronous"))) == 2  # FULL
            assert (await conn.scalar(text("PRAGMA foreign_keys"))) == 1
    finally:
        await engine.dispose()
