"""Resources of one test session that no other session on the machine touches.

Two `make test` runs side by side must not clobber each other: each session migrates its own
PostgreSQL database (created under a unique name, dropped at the end) and claims its own Redis
logical database (a lease key in Redis db 0, released at the end, expiring if a run dies).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url

TEST_DB_PREFIX = "fairmatch_test_"
REDIS_LEASE = "fairmatch:test-session-db:{n}"
REDIS_LEASE_SECONDS = 4 * 3600
REDIS_DBS = range(1, 16)  # db 0 holds the leases


def reachable(host: str, port: int) -> bool:
    """True when a TCP connection to host:port succeeds within a second."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class SessionDatabase:
    """A PostgreSQL database that belongs to this test session only."""

    admin_url: str
    url: str

    @classmethod
    def named_for(cls, admin_url: str, pid: int) -> SessionDatabase:
        name = f"{TEST_DB_PREFIX}{pid}_{secrets.token_hex(4)}"
        return cls(admin_url, make_url(admin_url).set(database=name).render_as_string(False))

    @property
    def name(self) -> str:
        return str(make_url(self.url).database)

    def create(self) -> None:
        """Create the database, first dropping ones left behind by test runs that died."""
        with self._admin() as conn:
            for (stale,) in conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": f"{TEST_DB_PREFIX}%"},
            ):
                if not _alive(_pid_of(stale)):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))

    def drop(self) -> None:
        with self._admin() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    def _admin(self) -> Connection:
        return create_engine(self.admin_url, isolation_level="AUTOCOMMIT").connect()


def _pid_of(name: str) -> int:
    digits = name.removeprefix(TEST_DB_PREFIX).split("_", 1)[0]
    return int(digits) if digits.isdigit() else 0


def _pid_of_token(token: str) -> int:
    digits = token.split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class RedisLease:
    """One Redis logical database leased to this test session."""

    base_url: str  # redis://host:port, no db
    db: int
    token: str

    @property
    def url(self) -> str:
        return f"{self.base_url}/{self.db}"

    @classmethod
    def claim(cls, base_url: str) -> RedisLease:
        """The first free Redis db of 1–15, held until release (or until the lease expires)."""
        token = f"{os.getpid()}:{secrets.token_hex(4)}"
        client = redis.Redis.from_url(f"{base_url}/0", decode_responses=True)
        try:
            for n in REDIS_DBS:
                key = REDIS_LEASE.format(n=n)
                holder = client.get(key)
                if holder is not None and not _alive(_pid_of_token(str(holder))):
                    client.delete(key)  # a run that died without releasing
                if client.set(key, token, nx=True, ex=REDIS_LEASE_SECONDS):
                    redis.Redis.from_url(f"{base_url}/{n}").flushdb()
                    return cls(base_url, n, token)
        finally:
            client.close()
        raise RuntimeError("every Redis db 1–15 is leased to another test session")

    def release(self) -> None:
        client = redis.Redis.from_url(f"{self.base_url}/0", decode_responses=True)
        try:
            key = REDIS_LEASE.format(n=self.db)
            if client.get(key) == self.token:
                redis.Redis.from_url(self.url).flushdb()
                client.delete(key)
        finally:
            client.close()
