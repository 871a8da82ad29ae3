"""Fixtures shared by the whole suite: which real services this machine offers."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

POSTGRES_URL = os.environ.get(
    "FAIRMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("FAIRMATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def reachable(host: str, port: int) -> bool:
    """True when a TCP connection to host:port succeeds within a second."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


POSTGRES_UP = reachable("127.0.0.1", 5432)
REDIS_UP = reachable("127.0.0.1", 6379)

needs_postgres = pytest.mark.skipif(
    not POSTGRES_UP, reason="PostgreSQL is not running on 127.0.0.1:5432"
)
needs_redis = pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379")
