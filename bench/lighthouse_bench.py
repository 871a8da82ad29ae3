"""Lighthouse (mobile) on the seeker pages a fair's phones open first: the job list, a job and
the résumé form, served by a real `fairmatch serve` over the demo fair. Prints JSON.

    cd bench/lighthouse && npm ci && cd ../..
    python bench/lighthouse_bench.py            # CHROME_PATH defaults to /usr/bin/chromium

Targets (issue 19): accessibility ≥ 98, best practices 100, SEO ≥ 95, performance ≥ 95.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fairserver import served_fair

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 98, "best-practices": 100, "seo": 95}


def audit(url: str, *, chrome: str) -> dict[str, Any]:
    """One Lighthouse mobile run: the four category scores and the audits that lost points."""
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=os.environ | {"CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    lost = sorted(
        audit_id
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"]) in report["audits"]
        and report["audits"][audit_id]["score"] not in (None, 1)
    )
    return {"scores": scores, "lost_points": lost}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resumes", type=int, default=50, help="résumés in the demo fair")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: cd bench/lighthouse && npm ci")
    with (
        tempfile.TemporaryDirectory() as tmp,
        served_fair(workdir=Path(tmp), resumes=args.resumes, workers=1) as fair,
    ):
        home = httpx.get(f"{fair.base_url}/", follow_redirects=False, timeout=30)
        fair_path = home.headers["location"]
        fair_id = int(fair_path.rsplit("/", 1)[-1])
        postings = httpx.get(
            f"{fair.base_url}/api/postings", params={"fair_id": fair_id}, timeout=30
        ).json()
        job_id = postings["items"][0]["id"]
        pages = {
            "job list": f"{fair.base_url}{fair_path}",
            "job": f"{fair.base_url}/jobs/{job_id}",
            "résumé form": f"{fair.base_url}/resume?job={job_id}",
        }
        results = {name: audit(url, chrome=args.chrome) for name, url in pages.items()}
    met = all(
        result["scores"][name] >= target
        for result in results.values()
        for name, target in TARGETS.items()
    )
    print(
        json.dumps(
            {"targets": TARGETS, "pages": results, "all_met": met}, ensure_ascii=False, indent=2
        )
    )


if __name__ == "__main__":
    main()
