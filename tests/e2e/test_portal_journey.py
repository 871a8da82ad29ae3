"""An HR officer in real headless Chromium: login → posting → ranked candidates → export."""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, LiveFair

pytestmark = pytest.mark.browser

PASSWORD = "hr-secret-2025"
SEEKERS = (
    ("王建国", "数控车工", "intermediate", True),
    ("陈立强", "数控车床操作工", "senior", True),
    ("刘芳", "车工", "junior", True),
    ("周海涛", "数控车工", "intermediate", False),
    ("孙悦", "机修钳工", "senior", False),
)


def _seed_firm(base_url: str, fair_id: int) -> dict[str, Any]:
    """A firm with a login, a lathe posting, three applicants and two opted-in seekers."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        firm = client.post(
            f"/api/fairs/{fair_id}/enterprises",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            json={
                "name": "常州恒力精密机械有限公司",
                "booth": "P01",
                "district": "武进区",
                "username": "hengli-e2e",
                "password": PASSWORD,
            },
        ).json()
        auth = {"Authorization": f"Bearer {firm['token']}"}
        posting: dict[str, Any] = client.post(
            "/api/postings",
            headers=auth,
            json={
                "fair_id": fair_id,
                "title": "数控车工（汽车零部件）",
                "description": "操作FANUC系统数控车床，加工轴类零件。",
                "requirements": "中级工及以上，两年以上经验。",
                "skill_level": "intermediate",
                "certificates": ["车工职业技能等级证书"],
                "salary_min": 7000,
                "salary_max": 10000,
            },
        ).json()
        for index, (name, title, level, applies) in enumerate(SEEKERS):
            resume = client.post(
                "/api/resumes",
                json={
                    "name": name,
                    "phone": f"1390000{index:04d}",
                    "education": "secondary_vocational",
                    "school": "常州技师学院",
                    "skill_level": level,
                    "certificates": ["车工职业技能等级证书"] if index % 2 == 0 else [],
                    "years_experience": 1 + index,
                    "experience": f"{title}，FANUC数控系统，轴类零件加工。",
                    "skills": "数控车床 看图 编程",
                    "desired_title": title,
                    "desired_location": "武进区",
                    "open_to_recommendations": True,
                    "consent": True,
                },
            ).json()
            if applies:
                client.post(
                    "/api/applications",
                    headers={"Authorization": f"Bearer {resume['token']}"},
                    json={"posting_id": posting["id"]},
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            listed = client.get(f"/api/postings/{posting['id']}/candidates", headers=auth).json()
            if len(listed["items"]) >= len(SEEKERS):
                break
            time.sleep(0.5)
        else:
            raise AssertionError("résumés were not indexed within a minute")
    return posting


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}.png"), full_page=True)


def test_hr_officer_journey(live_fair: LiveFair, chromium: Browser) -> None:
    posting = _seed_firm(live_fair.base_url, live_fair.fair_id)
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_fair.base_url}/portal/postings")
    assert "/portal/login" in page.url
    page.fill("#f-username", "hengli-e2e")
    page.fill("#f-password", PASSWORD)
    _shot(page, "01-login")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/portal/postings")
    assert page.locator("table.grid").get_by_text("数控车工（汽车零部件）").is_visible()

    page.click("text=发布岗位 >> nth=1")
    page.fill("#f-title", "焊接机器人操作工")
    page.click("button[value=suggest]")
    suggestions = page.locator("input[name=occupation_code]")
    assert suggestions.count() >= 2
    suggestions.nth(1).check()
    page.fill("#f-headcount", "3")
    page.fill("#f-salary_min", "7000")
    page.fill("#f-salary_max", "9500")
    _shot(page, "02-new-posting")
    page.click("button[value=save]")
    page.wait_for_url("**/portal/postings")
    assert page.get_by_text("焊接机器人操作工").is_visible()
    _shot(page, "03-postings")

    page.goto(f"{live_fair.base_url}/portal/postings/{posting['id']}/candidates")
    cards = page.locator("li.candidate")
    # the live fair is shared with other browser tests: their opted-in seekers may be listed too
    assert cards.count() >= len(SEEKERS)
    for name, *_rest, applied in SEEKERS:
        if applied:
            assert page.locator(".cand-name", has_text=name).count() == 1, name
    assert "applied" in (cards.nth(0).get_attribute("class") or "")
    first = cards.nth(0)
    first.locator("summary").click()
    assert first.locator("meter").count() >= 4
    assert page.locator(".cand-name", has_text="*").count() >= 2, "non-applicants are masked"
    first.locator("select[name=stage]").select_option("interview")
    first.locator("input[name=note]").fill("周三面试")
    first.locator("button", has_text="保存").click()
    page.wait_for_load_state("load")
    assert page.locator("input[name=note]").first.input_value() == "周三面试"
    first = page.locator("li.candidate").first
    expect(first.locator(".flash")).to_have_text("✓ 已保存：阶段为“面试”")
    assert page.locator("header.top").get_by_text("我的投递").count() == 0  # not a seeker
    first.locator("button.intention-button").click()
    page.wait_for_load_state("load")
    first = page.locator("li.candidate").first
    expect(first.locator(".flash")).to_have_text("✓ 已登记初步意向，阶段为“初步意向”")
    assert first.locator("select[name=stage]").input_value() == "intention"  # tag and stage agree
    page.locator("li.candidate summary").first.click()
    _shot(page, "04-candidates")

    with page.expect_download() as download_info:
        page.click("button[value=xlsx]")
    download = download_info.value
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "姓名 Name" and len(rows) >= len(SEEKERS) + 1
    exported = {row[1] for row in rows[1:]}
    assert {name for name, *_rest, applied in SEEKERS if applied} <= exported
    # Then the ZIP, without a reload: the buttons come back after the first download.
    with page.expect_download() as zip_info:
        page.click("button[value=zip]")
    archive = zip_info.value.path().read_bytes()
    assert archive.startswith(b"PK") and zip_info.value.suggested_filename.endswith(".zip")

    phone = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        locale="zh-CN",
        storage_state=context.storage_state(),
    )
    mobile = phone.new_page()
    mobile.goto(f"{live_fair.base_url}/portal/postings/{posting['id']}/candidates")
    assert mobile.locator("li.candidate").count() >= len(SEEKERS)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    _shot(mobile, "05-candidates-phone")
    phone.close()
    context.close()
