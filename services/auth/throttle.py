"""Login throttling: per account and per address, failures buy an exponential wait.

The first `free` failures of a key within `memory_seconds` cost nothing; each one after that
locks the key for 2, 4, 8 … seconds (at most `max_wait`). A locked key answers 429 with
Retry-After before any password is checked. A success clears the account's failures (not the
address's: one good password must not reset an address that is guessing others). Counts live in
the process, or in Redis when FAIRMATCH_REDIS_URL is set so every worker shares them; a limiter
that cannot reach Redis lets the attempt through (argon2 stays capped by its own pool).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.config import Settings

log = logging.getLogger("fairmatch.auth.throttle")


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    free_per_account: int = 5
    free_per_address: int = 30
    max_wait: int = 900
    memory_seconds: int = 3600

    def free(self, key: str) -> int:
        return self.free_per_account if key.startswith("account:") else self.free_per_address

    def wait_after(self, key: str, failures: int) -> int:
        """Seconds a key stays locked after its `failures`-th failure."""
        excess = failures - self.free(key)
        return 0 if excess <= 0 else min(self.max_wait, 2**excess)


class LoginThrottle(Protocol):
    rule: ThrottleRule

    async def wait(self, keys: list[str]) -> int | None:
        """Seconds until every key may try again, or None when none is locked."""

    async def failed(self, keys: list[str]) -> None:
        """Count one failure on each key (and lock those past their free failures)."""

    async def succeeded(self, key: str) -> None:
        """Forget a key's failures."""

    async def close(self) -> None: ...


def _seconds_left(until: float, now: float) -> int | None:
    return math.ceil(until - now) if until > now else None


class MemoryLoginThrottle:
    """Failures and locks in this process."""

    def __init__(self, rule: ThrottleRule | None = None) -> None:
        self.rule = rule or ThrottleRule()
        self._state: dict[str, tuple[int, float, float]] = {}  # failures, locked until, forget at

    def _live(self, key: str, now: float) -> tuple[int, float, float]:
        failures, until, forget = self._state.get(key, (0, 0.0, 0.0))
        return (failures, until, forget) if forget > now else (0, 0.0, 0.0)

    async def wait(self, keys: list[str]) -> int | None:
        now = time.time()
        waits = [_seconds_left(self._live(key, now)[1], now) for key in keys]
        return max((w for w in waits if w is not None), default=None)

    async def failed(self, keys: list[str]) -> None:
        now = time.time()
        if len(self._state) > 100_000:  # keep memory bounded under a spray of addresses
            self._state = {k: v for k, v in self._state.items() if v[2] > now}
        for key in keys:
            failures = self._live(key, now)[0] + 1
            until = now + self.rule.wait_after(key, failures)
            self._state[key] = (failures, until, now + self.rule.memory_seconds)

    async def succeeded(self, key: str) -> None:
        self._state.pop(key, None)

    async def close(self) -> None:
        self._state.clear()


class RedisLoginThrottle:
    """Failures and locks in Redis, shared by every process (fm:login:<key> hashes)."""

    def __init__(self, url: str, rule: ThrottleRule | None = None) -> None:
        self.rule = rule or ThrottleRule()
        self._redis = Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.25)

    async def wait(self, keys: list[str]) -> int | None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.hget(f"fm:login:{key}", "until")
                replies = await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("login throttle unavailable, letting the attempt through: %r", exc)
            return None
        now = time.time()
        waits = [_seconds_left(float(r), now) for r in replies if r is not None]
        return max((w for w in waits if w is not None), default=None)

    async def failed(self, keys: list[str]) -> None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.hincrby(f"fm:login:{key}", "failures", 1)
                    pipe.expire(f"fm:login:{key}", self.rule.memory_seconds)
                counts = (await pipe.execute())[::2]
                now = time.time()
                for key, failures in zip(keys, counts, strict=True):
                    wait = self.rule.wait_after(key, int(failures))
                    if wait:
                        pipe.hset(f"fm:login:{key}", "until", str(now + wait))
                await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("login throttle unavailable, failure not counted: %r", exc)

    async def succeeded(self, key: str) -> None:
        try:
            await self._redis.delete(f"fm:login:{key}")
        except (RedisError, OSError) as exc:
            log.warning("login throttle unavailable: %r", exc)

    async def close(self) -> None:
        await self._redis.aclose()


def create_login_throttle(settings: Settings) -> LoginThrottle:
    """Redis-backed when a URL is set, else in this process; limits from the settings."""
    rule = ThrottleRule(
        free_per_account=settings.login_free_failures_per_account,
        free_per_address=settings.login_free_failures_per_address,
        max_wait=settings.login_max_wait_seconds,
    )
    if settings.redis_url:
        return RedisLoginThrottle(settings.redis_url, rule)
    return MemoryLoginThrottle(rule)
