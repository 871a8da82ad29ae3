"""Read résumé files in a child process with a time and a memory limit.

A crafted PDF can make a parser spin or inflate without end; a thread cannot be stopped, a process
can. Each upload is read by a fresh child of a fork server (started once, with the parsing modules
preloaded, so a child costs a fork, not an interpreter start). The child answers through a pipe
or is killed when `seconds` pass; a crash or the memory cap turns into a clear refusal.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection

from services.resumes.uploads import ResumeDraft, UploadProblem, UploadRejected, read_resume_upload

PARSE_SECONDS = 10.0
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024

Reader = Callable[[bytes], ResumeDraft]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["services.resumes.uploads"])


def _read_in_child(conn: Connection, data: bytes, reader: Reader, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    answer: tuple[str, object]
    try:
        answer = ("draft", reader(data))
    except UploadRejected as exc:
        answer = ("rejected", exc.problem)
    except Exception:  # anything a parser throws at a hostile file (MemoryError included)
        answer = ("rejected", UploadProblem.unreadable)
    conn.send(answer)
    conn.close()


async def read_upload_isolated(
    data: bytes,
    *,
    seconds: float = PARSE_SECONDS,
    memory: int = PARSE_MEMORY_BYTES,
    reader: Reader = read_resume_upload,
) -> ResumeDraft:
    """`reader(data)` in a child process; UploadRejected (too_slow, unreadable, ...) otherwise."""
    receiving, sending = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_read_in_child, args=(sending, data, reader, memory), daemon=True
    )
    await asyncio.to_thread(child.start)
    sending.close()
    try:
        if not await asyncio.to_thread(receiving.poll, seconds):
            raise UploadRejected(UploadProblem.too_slow)
        try:
            kind, value = receiving.recv()
        except EOFError:  # the child died without an answer (killed by the memory cap)
            raise UploadRejected(UploadProblem.unreadable) from None
    finally:
        if child.is_alive():
            child.kill()
        await asyncio.to_thread(child.join, 5)
        receiving.close()
    if kind == "rejected":
        assert isinstance(value, UploadProblem)
        raise UploadRejected(value)
    assert isinstance(value, ResumeDraft)
    return value
