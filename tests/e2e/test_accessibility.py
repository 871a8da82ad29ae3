"""Lighthouse accessibility of the portal's candidates page, the organizer's dashboard (full and
kiosk), the organizer console and the 企业报名 page: each scores at least 95.

Needs npm `lighthouse`: cd bench/lighthouse && npm ci."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from services.auth.organizer_sessions import ORGANIZER_COOKIE
from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, CHROMIUM, LiveFair, add_fair, add_firm

pytestmark = pytest.mark.browser

LIGHTHOUSE = Path(__file__).resolve().parents[2] / "bench/lighthouse/node_modules/.bin/lighthouse"


def _score(url: str, cookie: str, name: str) -> tuple[float, list[str]]:
    """The accessibility score (0–100) and the titles of the audits that failed."""
    report = ARTIFACTS / f"lighthouse-{name}.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=accessibility",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--quiet",
        ],
        check=True,
        env=os.environ | {"CHROME_PATH": str(CHROMIUM)},
        timeout=240,
    )
    result = json.loads(report.read_text())
    failed = [
        audit["title"]
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    assert result["finalDisplayedUrl"] == url, "the page redirected (not signed in?)"
    return result["categories"]["accessibility"]["score"] * 100, failed


def _applicant(client: httpx.Client, fair_id: int, posting_id: int) -> None:
    """A seeker applies, so the candidates page shows a card with its factor bars and actions."""
    seeker = client.post(
        "/api/resumes",
        json={
            "fair_id": fair_id,
            "name": "吴建军",
            "phone": "13600005555",
            "education": "secondary_vocational",
            "skill_level": "intermediate",
            "desired_title": "电工",
            "open_to_recommendations": True,
            "consent": True,
        },
    )
    assert seeker.status_code == 201, seeker.text
    applied = client.post(
        "/api/applications",
        json={"posting_id": posting_id},
        headers={"Authorization": f"Bearer {seeker.json()['token']}"},
    )
    assert applied.status_code == 201, applied.text


def _organizer_cookie(base_url: str) -> str:
    """A dashboard session, signed in on the login page with the organizer token."""
    with httpx.Client(base_url=base_url) as client:
        form = client.get("/dashboard/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf, form.text
        client.post("/dashboard/login", data={"token": ADMIN_TOKEN, "csrf": csrf.group(1)})
        return str(client.cookies[ORGANIZER_COOKIE])


def _wait_listed(client: httpx.Client, path: str, token: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "吴建军" in client.get(path, cookies={"fm_ent": token}).text:
            return
        time.sleep(0.5)
    raise AssertionError("the applicant never showed on the candidates page")


def test_portal_candidates_and_dashboard_score_at_least_95(live_fair: LiveFair) -> None:
    if not LIGHTHOUSE.exists():
        pytest.skip("Lighthouse is not installed: cd bench/lighthouse && npm ci")
    base = live_fair.base_url
    with httpx.Client(base_url=base, timeout=30) as client:
        # The firm at a fair of its own (an early one): the shared fair keeps the booths that
        # other tests count; the dashboards below only read the shared fair.
        fair_id = add_fair(client, "无障碍检测专场", "2024-06-01")
        firm = add_firm(client, fair_id, "常州无障碍检测有限公司", "L01")
        posting = client.post(
            "/api/postings",
            headers={"Authorization": f"Bearer {firm['token']}"},
            json={
                "fair_id": fair_id,
                "title": "电工",
                "salary_min": 6000,
                "salary_max": 8000,
            },
        )
        assert posting.status_code == 201, posting.text
        candidates = f"/portal/postings/{posting.json()['id']}/candidates"
        _applicant(client, fair_id, posting.json()["id"])
        _wait_listed(client, candidates, firm["token"])
    organizer = _organizer_cookie(base)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    scores = {
        "portal-candidates": _score(
            f"{base}{candidates}",
            f"fm_ent={firm['token']}",
            "portal-candidates",
        ),
        "dashboard": _score(
            f"{base}/dashboard/{live_fair.fair_id}",  # the shared fair: firms and events
            f"{ORGANIZER_COOKIE}={organizer}",
            "dashboard",
        ),
        "dashboard-kiosk": _score(
            f"{base}/dashboard/{live_fair.fair_id}?kiosk=1",
            f"{ORGANIZER_COOKIE}={organizer}",
            "dashboard-kiosk",
        ),
        "organizer-console": _score(
            f"{base}/organizer/fairs/{fair_id}",
            f"{ORGANIZER_COOKIE}={organizer}",
            "organizer-console",
        ),
        "join": _score(f"{base}/f/{fair_id}/join", "", "join"),
    }
    print(json.dumps({name: score for name, (score, _) in scores.items()}))
    low = {name: failed for name, (score, failed) in scores.items() if score < 95}
    assert low == {}, low
