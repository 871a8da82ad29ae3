"""The load driver itself: a small fair opening against a real server loses nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_small_fair_opening_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    args = ["--seekers", "30", "--arrival", "5", "--firms", "4", "--firm-think", "1"]
    args += ["--resumes", "20", "--grace", "120", "--workdir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    integrity = report["integrity"]
    assert report["seekers_cut_at_deadline"] == 0
    assert report["traffic"]["apply"]["status"] == {"201": 30 * 12}
    assert integrity["applications_lost"] == integrity["resumes_lost"] == 0
    assert integrity["rows_added_equals_201"] and integrity["duplicate_pairs"] == 0
    assert integrity["resumes_missing_from_index"] == 0
    assert integrity["counters"]["agree"]
    assert 0 < report["anonymous_reads_answered_from_cache"] < 1
