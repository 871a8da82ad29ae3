"""Résumé files are read in a child process that is stopped when it takes too long or too much."""

from __future__ import annotations

import time

import pytest

from services.resumes.upload_worker import read_upload_isolated
from services.resumes.uploads import ResumeDraft, UploadProblem, UploadRejected, read_resume_upload
from tests.services.test_uploads import chinese_pdf, docx_bomb


def spin_forever(data: bytes) -> ResumeDraft:
    """A parser caught in a loop by a hostile file."""
    while True:
        pass


def inflate_without_end(data: bytes) -> ResumeDraft:
    """A parser inflating a hostile stream into memory."""
    chunks = []
    while True:
        chunks.append(bytearray(64 * 1024 * 1024))


async def test_a_file_is_read_in_the_child_as_in_process() -> None:
    pdf = chinese_pdf()
    assert await read_upload_isolated(pdf) == read_resume_upload(pdf)


async def test_a_refusal_in_the_child_keeps_its_reason() -> None:
    with pytest.raises(UploadRejected) as refused:
        await read_upload_isolated(docx_bomb())
    assert refused.value.problem is UploadProblem.zip_bomb


async def test_a_parser_that_never_ends_is_stopped_at_the_time_limit() -> None:
    started = time.monotonic()
    with pytest.raises(UploadRejected) as refused:
        await read_upload_isolated(b"%PDF-1.7", seconds=1.0, reader=spin_forever)
    assert refused.value.problem is UploadProblem.too_slow
    assert refused.value.status_code == 422
    assert time.monotonic() - started < 8


async def test_a_parser_that_eats_memory_is_stopped_at_the_cap() -> None:
    with pytest.raises(UploadRejected) as refused:
        await read_upload_isolated(
            b"%PDF-1.7", memory=512 * 1024 * 1024, reader=inflate_without_end
        )
    assert refused.value.problem is UploadProblem.unreadable
