"""The named background tasks, shared by the in-process queue and the Celery worker.

A leaf: it imports no task module. services.tasks.catalog does, and only the entry points
(the app, the worker, the CLI) import the catalog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.runtime import Runtime

TaskFn = Callable[["Runtime", dict[str, Any]], Awaitable[None]]

TASKS: dict[str, TaskFn] = {}


def task(name: str) -> Callable[[TaskFn], TaskFn]:
    """Register an async task function under a `domain.verb` name."""

    def register(fn: TaskFn) -> TaskFn:
        if name in TASKS:
            raise ValueError(f"task {name!r} registered twice")
        TASKS[name] = fn
        return fn

    return register


def get_task(name: str) -> TaskFn:
    """The task function for a name (services.tasks.catalog imports and so registers them)."""
    try:
        return TASKS[name]
    except KeyError:
        raise KeyError(f"unknown task {name!r}") from None
