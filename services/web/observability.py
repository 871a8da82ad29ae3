"""Structured JSON logs with a request id, and Prometheus metrics at /metrics."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import secrets
import time
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from services.stats.events import FairEvent

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUEST_LATENCY = Histogram(
    "fairmatch_request_seconds",
    "HTTP request latency by route template",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0),
)
FAIR_EVENTS = Counter(
    "fairmatch_fair_events_total",
    "Committed fair events (applications, downloads, résumés, intentions, scans, visits)",
    ["kind"],
)
PUBLIC_CACHE = Counter(
    "fairmatch_public_cache_total",
    "Anonymous posting reads: from memory (hit), computed (miss), recomputed behind (refresh)",
    ["result"],
)
QUEUE_DEPTH = Gauge(
    "fairmatch_task_queue_depth", "Background tasks waiting", multiprocess_mode="livemax"
)
INDEX_LAG = Gauge(
    "fairmatch_index_lag_rows",
    "Database rows not yet in the search index",
    ["index"],
    multiprocess_mode="livemax",
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def count_event(event: FairEvent) -> None:
    """Count a committed fair event."""
    FAIR_EVENTS.labels(kind=event.kind.value).inc()


def metrics_payload() -> tuple[bytes, str]:
    """The exposition text; merges worker processes when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class RequestContext:
    """Give every request an id (X-Request-ID in or new), time it, and log one JSON line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = logging.getLogger("fairmatch.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)
        token = request_id_var.set(request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            REQUEST_LATENCY.labels(scope["method"], template, str(status)).observe(elapsed)
            self.log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": template,
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and extras."""

    _skip = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        payload.update({k: v for k, v in record.__dict__.items() if k not in self._skip})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send fairmatch, uvicorn and celery logs to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
