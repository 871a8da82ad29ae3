"""Burst limits on résumé creation, applications and downloads, per address and per account.

Fixed windows of `rate_limit_window_seconds`. Counts live in the process (embedded default) or
in Redis when FAIRMATCH_REDIS_URL is set, so every worker process shares them. A limiter that
cannot reach Redis lets the request through: a lost application costs more than a missed limit.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.auth.principals import request_credential
from services.config import Settings
from services.errors import TooManyRequests, error_response

log = logging.getLogger("fairmatch.ratelimit")

# Cookies that carry an account's credential (seeker, enterprise portal, organizer dashboard,
# school report).
CREDENTIAL_COOKIES = (b"fm_seeker", b"fm_ent", b"fm_org", b"fm_school")


@dataclass(frozen=True, slots=True)
class Rule:
    """One limit: which requests it counts, whom it counts them for, and how many it allows."""

    bucket: str
    method: str
    paths: re.Pattern[str]
    per: Literal["ip", "account"]
    limit: Callable[[Settings], int]


_RESUME_PATHS = re.compile(r"^/(api/resumes|resume|resume/upload)$")
_APPLY_PATHS = re.compile(r"^/(api/applications|jobs/\d+/apply)$")
_DOWNLOAD_PATHS = re.compile(
    r"^/(api|portal)/(postings/\d+/candidates/export|postings/\d+/export"
    r"|exports/[0-9a-f]{32}/file|resumes/\d+/pdf)$"
)

RULES = (
    Rule("resumes", "POST", _RESUME_PATHS, "ip", lambda s: s.rate_limit_resumes_per_ip),
    Rule(
        "applications",
        "POST",
        _APPLY_PATHS,
        "account",
        lambda s: s.rate_limit_applications_per_account,
    ),
    Rule("applications", "POST", _APPLY_PATHS, "ip", lambda s: s.rate_limit_applications_per_ip),
    Rule(
        "downloads", "GET", _DOWNLOAD_PATHS, "account", lambda s: s.rate_limit_downloads_per_account
    ),
)


class WindowStore(Protocol):
    """Counts hits per key and window."""

    async def hit(self, keys: list[str], window: int, ttl: int) -> list[int] | None:
        """Count one hit on each key; the window's counts, or None when they are unknown."""

    async def close(self) -> None: ...


class MemoryWindows:
    """Counts in this process; windows older than the current one are dropped as time moves."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._window = -1

    async def hit(self, keys: list[str], window: int, ttl: int) -> list[int] | None:
        if window != self._window:
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            self._window = window
        counts = []
        for key in keys:
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
            counts.append(count)
        return counts

    async def close(self) -> None:
        self._counts.clear()


class RedisWindows:
    """Counts in Redis (INCR + EXPIRE), shared by every process; unknown when Redis is down."""

    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.25)

    async def hit(self, keys: list[str], window: int, ttl: int) -> list[int] | None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:  # one round trip
                for key in keys:
                    name = f"fm:rl:{key}:{window}"
                    pipe.incr(name)
                    pipe.expire(name, ttl)
                replies = await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("rate limit store unavailable, letting the request through: %r", exc)
            return None
        return [int(count) for count in replies[::2]]

    async def close(self) -> None:
        await self._redis.aclose()


def client_address(scope: Scope, *, trust_forwarded_for: bool) -> str:
    """The caller's address; the last X-Forwarded-For entry only behind a trusted proxy."""
    if trust_forwarded_for:
        for name, value in scope["headers"]:
            if name == b"x-forwarded-for":
                last: str = value.decode("latin-1").rsplit(",", 1)[-1].strip()
                if last:
                    return last
    client: tuple[str, int] | None = scope.get("client")
    return client[0] if client else "unknown"


def account_key(scope: Scope) -> str | None:
    """A digest of the one credential authentication reads for this path (request_credential):
    decoy cookies or duplicates the authentication ignores cannot move the count elsewhere."""
    credential = request_credential(HTTPConnection(scope))
    return hashlib.sha256(credential.encode()).hexdigest()[:32] if credential else None


class RateLimit:
    """ASGI middleware answering 429 (one JSON error shape, Retry-After) above a rule's limit."""

    def __init__(self, app: ASGIApp, settings: Settings, store: WindowStore | None = None) -> None:
        self.app = app
        self.settings = settings
        self.store = store or (
            RedisWindows(settings.redis_url) if settings.redis_url else MemoryWindows()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._closing(send))
            return
        if scope["type"] == "http" and self.settings.rate_limit_enabled:
            retry_after = await self._over_limit(scope)
            if retry_after is not None:
                exc = TooManyRequests()
                response = error_response(exc.status_code, exc.code, exc.message)
                response.headers["Retry-After"] = str(retry_after)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _over_limit(self, scope: Scope) -> int | None:
        """Seconds to wait when a rule's limit is exceeded, else None (the hit is counted)."""
        keys: list[str] = []
        limits: list[int] = []
        for rule in RULES:
            limit = rule.limit(self.settings)
            if limit == 0 or scope["method"] != rule.method or not rule.paths.match(scope["path"]):
                continue
            if rule.per == "account":
                who = account_key(scope)
                if who is None:  # anonymous: refused by the route; the address rule still counts
                    continue
            else:
                who = client_address(scope, trust_forwarded_for=self.settings.trust_forwarded_for)
            keys.append(f"{rule.bucket}:{rule.per}:{who}")
            limits.append(limit)
        if not keys:
            return None
        window_seconds = self.settings.rate_limit_window_seconds
        now = time.time()
        window = int(now // window_seconds)
        counts = await self.store.hit(keys, window, window_seconds * 2)
        if counts is not None and any(c > limit for c, limit in zip(counts, limits, strict=True)):
            return max(1, math.ceil((window + 1) * window_seconds - now))
        return None

    def _closing(self, send: Send) -> Send:
        async def closing_send(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                await self.store.close()
            await send(message)

        return closing_send
