"""The organizer's big screen in headless Chromium: sign in, watch an application tick in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Dialog, Page, expect, sync_playwright

from frontend import STATIC_DIR
from tests.e2e.conftest import (
    ADMIN_TOKEN,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveFair,
    add_fair,
    add_firm,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def screen() -> Iterator[Page]:
    """A 1600×900 desktop page with a Chinese locale."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
        try:
            yield context.new_page()
        finally:
            context.close()
            chromium.close()


def _apply(base_url: str, fair_id: int) -> float:
    """A new seeker applies to the fair's first posting; the moment the server acknowledged."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        posting = client.get("/api/postings", params={"fair_id": fair_id}).json()["items"][0]
        seeker = client.post(
            "/api/resumes",
            json={
                "fair_id": fair_id,
                "name": "陈晓东",
                "phone": "13700001111",
                "education": "secondary_vocational",
                "skill_level": "intermediate",
                "desired_title": "数控车工",
                "open_to_recommendations": True,
                "consent": True,
            },
        ).json()
        response = client.post(
            "/api/applications",
            json={"posting_id": posting["id"]},
            headers={"Authorization": f"Bearer {seeker['token']}"},
        )
        assert response.status_code == 201, response.text
        return time.monotonic()


def test_dashboard_ticks_when_someone_applies(screen: Page, live_fair: LiveFair) -> None:
    assert (STATIC_DIR / "vendor" / "echarts.js").is_file(), (
        "ECharts is not built: cd frontend/charts && npm ci && npm run build"
    )
    errors: list[str] = []
    screen.on("pageerror", lambda exc: errors.append(str(exc)))
    screen.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    screen.goto(f"{live_fair.base_url}/dashboard/{live_fair.fair_id}")
    screen.fill("#token", ADMIN_TOKEN)
    screen.click("form.login button[type=submit]")
    screen.wait_for_selector("#status.ended")  # the session's fair was on 2025-03-01
    assert screen.inner_text("#status") == "已结束"
    applications = screen.locator('[data-total="application"]')
    before = int(applications.inner_text())
    screen.wait_for_selector("#chart-demand canvas")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / "dashboard-01-live.png"), full_page=True)

    acknowledged = _apply(live_fair.base_url, live_fair.fair_id)
    expect(applications).to_have_text(str(before + 1), timeout=5000)
    on_screen = time.monotonic() - acknowledged
    assert int(applications.inner_text()) == before + 1
    assert on_screen < 1.5, f"the application took {on_screen:.2f} s to appear"
    # One row per firm at the fair, as many as the headline counts (5 seeded; other browser
    # tests on the shared live fair may have added firms).
    rows = screen.locator("#booth-rows tr")
    firms = int(screen.inner_text('[data-static="enterprises"]'))
    assert rows.count() == firms >= 5
    screen.screenshot(path=str(ARTIFACTS / "dashboard-02-after-application.png"), full_page=True)

    screen.goto(f"{live_fair.base_url}/dashboard/{live_fair.fair_id}?lang=en")
    screen.wait_for_selector("#status.ended")
    assert "Talent demand map" in screen.inner_text("body")
    screen.wait_for_selector("#chart-demand canvas")
    screen.screenshot(path=str(ARTIFACTS / "dashboard-03-english.png"), full_page=True)
    assert not errors, errors


def test_a_firms_script_payload_shows_as_text_on_the_big_screen_and_the_fair_page(
    screen: Page, live_fair: LiveFair
) -> None:
    payload = "<img src=x onerror=alert(1)><script>alert('xss')</script>"
    with httpx.Client(base_url=live_fair.base_url, timeout=30) as client:
        # Earlier than the session's fair, so "/" still opens that one for the other tests.
        fair_id = add_fair(client, "安全测试专场", "2025-02-01")
        firm = add_firm(client, fair_id, payload + "公司", "X01")
        posting = client.post(
            "/api/postings",
            headers={"Authorization": f"Bearer {firm['token']}"},
            json={
                "fair_id": fair_id,
                "title": payload + "车工",
                "skill_level": "senior",
                "salary_min": 7000,
                "salary_max": 9000,
            },
        )
        assert posting.status_code == 201, posting.text
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    screen.on("dialog", record)

    screen.goto(f"{live_fair.base_url}/dashboard/{fair_id}")
    screen.fill("#token", ADMIN_TOKEN)
    screen.click("form.login button[type=submit]")
    screen.wait_for_selector("#status.ended")
    expect(screen.locator("#booth-rows")).to_contain_text(payload + "公司")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / "xss-dashboard.png"), full_page=True)
    screen.goto(f"{live_fair.base_url}/f/{fair_id}")
    expect(screen.locator("body")).to_contain_text(payload + "车工")
    screen.screenshot(path=str(ARTIFACTS / "xss-fair-page.png"), full_page=True)
    assert screen.locator("img[src=x]").count() == 0
    assert not dialogs, dialogs  # no payload ran


def _open_fair_today(base_url: str) -> int:
    """A fair that started an hour ago and is still open, with one firm and one posting."""
    now = datetime.now(UTC)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        fair = client.post(
            "/api/fairs",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            json={
                "name": "武进区大屏测试专场",
                "venue": "武进人力资源市场",
                "starts_at": (now - timedelta(hours=1)).isoformat(),
                "ends_at": (now + timedelta(hours=8)).isoformat(),
            },
        )
        assert fair.status_code == 201, fair.text
        fair_id: int = fair.json()["id"]
        firm = add_firm(client, fair_id, "常州大屏精密机械有限公司", "K01")
        posting = client.post(
            "/api/postings",
            headers={"Authorization": f"Bearer {firm['token']}"},
            json={"fair_id": fair_id, "title": "数控车工", "salary_min": 6000, "salary_max": 9000},
        )
        assert posting.status_code == 201, posting.text
    return fair_id


def test_kiosk_fits_one_big_screen_and_updates_live(live_fair: LiveFair) -> None:
    """?kiosk=1 at 1920×1080: no scrolling, a live fair says Live, a new application ticks in,
    and the timeline is a time axis whose line breaks across hours without events."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    fair_id = _open_fair_today(live_fair.base_url)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        try:
            big = context.new_page()
            big.goto(f"{live_fair.base_url}/dashboard/{fair_id}?kiosk=1")
            big.fill("#token", ADMIN_TOKEN)
            big.click("form.login button[type=submit]")
            big.wait_for_selector("#status.live")
            assert big.url.endswith(f"/dashboard/{fair_id}?kiosk=1")
            big.wait_for_selector("#chart-hours canvas")
            height = big.evaluate("document.documentElement.scrollHeight")
            assert height <= 1080, f"the kiosk view is {height} px tall"
            assert big.locator("#booth-rows").is_hidden()
            label_px = big.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.figure output')).fontSize)"
            )
            assert label_px >= 60  # headline numbers readable across a hall
            applications = big.locator('[data-total="application"]')
            before = int(applications.inner_text())
            _apply(live_fair.base_url, fair_id)
            expect(applications).to_have_text(str(before + 1), timeout=5000)
            axis = big.evaluate(
                "echarts.getInstanceByDom(document.getElementById('chart-hours'))"
                ".getOption().xAxis[0]"
            )
            assert axis["type"] == "time"
            assert axis["max"] - axis["min"] == 10 * 3600 * 1000  # the fair, by the hour
            points = big.evaluate(
                "FairTimeline.points(['2025-03-01T09', '2025-03-01T10', '2025-12-04T14'],"
                " function () { return 1; })"
            )
            hour = 3600 * 1000
            nine = int(datetime(2025, 3, 1, 9, tzinfo=UTC).timestamp() * 1000)
            december = int(datetime(2025, 12, 4, 14, tzinfo=UTC).timestamp() * 1000)
            # consecutive hours join; after 10:00 comes a gap, not a line to December
            assert points == [[nine, 1], [nine + hour, 1], [nine + 2 * hour, None], [december, 1]]
            big.wait_for_timeout(1500)  # let the bars finish growing before the screenshot
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            big.screenshot(path=str(ARTIFACTS / "dashboard-04-kiosk.png"))
        finally:
            context.close()
            chromium.close()
