"""Reliability tests reuse the service fixtures: an app per test over a fresh database.

A fault is injected into one component at a time, so these tests run on SQLite (the database
outage test brings its own PostgreSQL behind a proxy); a private redis-server stands in for
Redis wherever a test kills or restarts it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.faults import PrivateRedis
from tests.services.conftest import (  # noqa: F401 - fixtures
    api,
    postgres_migrated,
    settings,
    sqlite_template,
)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite copy: the fault under test is elsewhere."""
    path = tmp_path / "fairmatch.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A throw-away redis-server that a test may kill and restart."""
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
