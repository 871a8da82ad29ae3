"""Run a parser on untrusted bytes in a child process with a time and a memory limit.

A crafted file can make a parser spin or inflate without end; a thread cannot be stopped, a
process can. Each job is run by a fresh child of a fork server (started once, with the parsing
modules preloaded, so a child costs a fork, not an interpreter start). The child runs at a lower
CPU priority, so the server's own requests come first on a busy machine. The parent waits on the
pipe from the event loop (no thread sits blocked), and kills the child when `seconds` pass.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar, cast

from services.web.capacity import WorkPool

T = TypeVar("T")

CHILD_NICENESS = 10

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(
    ["services.resumes.uploads", "services.postings.bulk_import", "openpyxl", "pypdf", "docx"]
)


class ChildTimedOut(Exception):
    """The child did not answer within its time."""


class ChildDied(Exception):
    """The child crashed, was killed by its memory cap, or raised."""


def _run_in_child(
    conn: Connection, function: Callable[[bytes], T], data: bytes, memory: int
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.nice(CHILD_NICENESS)
    try:
        answer: tuple[bool, object] = (True, function(data))
    except Exception:  # anything a parser throws at a hostile file (MemoryError included)
        answer = (False, None)
    conn.send(answer)
    conn.close()


async def _readable(conn: Connection, seconds: float) -> None:
    """Wait until the pipe has an answer or is closed, without holding a thread."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(conn.fileno(), wake)
    try:
        await asyncio.wait_for(ready, seconds)
    finally:
        loop.remove_reader(conn.fileno())


async def run_isolated(
    function: Callable[[bytes], T], data: bytes, *, pool: WorkPool, seconds: float, memory: int
) -> T:
    """`function(data)` in a child process, holding one of `pool`'s slots (Busy when full).

    ChildTimedOut after `seconds`; ChildDied when the child raised, crashed or hit `memory`.
    `function` must be a module-level function that catches the refusals it means to report
    and returns them as values (exceptions do not cross the pipe).
    """
    async with pool.slot():
        receiving, sending = _context.Pipe(duplex=False)
        child = _context.Process(
            target=_run_in_child, args=(sending, function, data, memory), daemon=True
        )
        try:
            await pool.call(child.start)
            sending.close()
            try:
                await _readable(receiving, seconds)
            except TimeoutError:
                raise ChildTimedOut from None
            try:
                ok, value = cast(tuple[bool, object], await pool.call(receiving.recv))
            except EOFError:  # the child died without an answer (killed by the memory cap)
                raise ChildDied from None
        finally:
            if child.is_alive():
                child.kill()
            if child.pid is not None:
                await pool.call(child.join, 5)
            receiving.close()
            sending.close()
    if not ok:
        raise ChildDied
    return cast(T, value)
