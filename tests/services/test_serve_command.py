"""`fairmatch serve`: what worker processes get, and what it refuses before starting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from bench.fairserver import fair_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return fair_env(tmp_path, {})  # SQLite and the embedded engine under tmp_path


def run_python(args: list[str], env: dict[str, str], *, check: bool) -> CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def test_several_workers_on_the_embedded_engine_are_refused_clearly(
    env: dict[str, str],
) -> None:
    done = run_python(
        ["-m", "services.cli", "serve", "--workers", "2", "--port", "9"], env, check=False
    )
    assert done.returncode == 2
    said = " ".join(done.stdout.split() + done.stderr.split())
    assert "一个进程" in said and "--workers 1" in said and "Elasticsearch" in said
    assert "Traceback" not in said


def test_a_worker_process_logs_json_lines(env: dict[str, str]) -> None:
    # uvicorn --workers N starts fresh interpreters that import services.main, not the CLI.
    script = (
        "import logging, services.main\n"
        "logging.getLogger('fairmatch.access').info('request', extra={'path': '/api/postings'})\n"
    )
    done = run_python(["-c", script], env, check=True)
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["logger"] == "fairmatch.access" and line["path"] == "/api/postings"
    assert line["level"] == "INFO" and "request_id" in line
