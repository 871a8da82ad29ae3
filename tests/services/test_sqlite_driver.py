"""The SQLite driver: one trip to aiosqlite's thread per statement, and DBAPI results intact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.db import create_engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_rows_rowcounts_and_returning_come_back(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        inserted = await conn.execute(
            text("INSERT INTO t (name) VALUES (:name) RETURNING id"), {"name": "车工"}
        )
        assert inserted.scalar_one() == 1
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": "钳工"}, {"name": "焊工"}]
        )
        assert many.rowcount == 2
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
    assert [tuple(row) for row in rows] == [(1, "车工"), (2, "钳工!"), (3, "焊工!")]


async def test_errors_and_rollbacks_behave_as_with_sqlalchemys_adapter(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('车工')"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('钳工')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('车工')"))  # duplicate
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t"))).scalars().all()
    assert names == ["车工"]  # the failed transaction left nothing behind


async def test_a_statement_is_one_trip_to_the_database_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the connection is open and warm
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        rows = (await conn.execute(text("SELECT id, name FROM t"))).all()
    assert rows == []
    assert trips.count("_run_one") == 1
    assert "cursor" not in trips and "fetchall" not in trips and "close" not in trips
