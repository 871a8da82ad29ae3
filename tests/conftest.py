"""Fixtures shared by the whole suite: which real services this machine offers, and this
session's own PostgreSQL database and Redis db (tests/support/isolation.py)."""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator

import pytest

from services.tasks import catalog  # noqa: F401  (the suite is an entry point: registers tasks)
from tests.support.isolation import RedisLease, SessionDatabase, reachable

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

POSTGRES_UP = reachable("127.0.0.1", 5432)
REDIS_UP = reachable("127.0.0.1", 6379)

_POSTGRES_ADMIN_URL = os.environ.get(
    "FAIRMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SESSION_DATABASE = SessionDatabase.named_for(_POSTGRES_ADMIN_URL, os.getpid())
POSTGRES_URL = SESSION_DATABASE.url

_REDIS_BASE = os.environ.get("FAIRMATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379")
_LEASE = RedisLease.claim(_REDIS_BASE) if REDIS_UP else None
if _LEASE is not None:
    atexit.register(_LEASE.release)
REDIS_URL = _LEASE.url if _LEASE is not None else f"{_REDIS_BASE}/15"

needs_postgres = pytest.mark.skipif(
    not POSTGRES_UP, reason="PostgreSQL is not running on 127.0.0.1:5432"
)
needs_redis = pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture(scope="session", autouse=True)
def session_database() -> Iterator[str | None]:
    """This session's PostgreSQL database, created empty and dropped at the end."""
    if not POSTGRES_UP:
        yield None
        return
    SESSION_DATABASE.create()
    yield POSTGRES_URL
    SESSION_DATABASE.drop()
