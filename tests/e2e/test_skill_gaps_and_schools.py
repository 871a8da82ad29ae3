"""Skill gaps and schools in headless Chromium: a junior welder fills the résumé on a phone
(naming the school, sharing ticked), sees "提升建议" with where to train on my applications and
on the recommendations, applies; the school signs in with its token and reads its report.
Screenshots in artifacts/gaps/."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, LiveFair, add_fair, add_firm, sign_in

pytestmark = pytest.mark.browser

PERMIT = "熔化焊接与热切割作业证"
SHOTS = ARTIFACTS / "gaps"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


def _welding_fair(base: str) -> tuple[int, dict[str, Any], str]:
    """A fair (before the session's, so "/" keeps opening that), welding postings, a provider
    and a school; returns the fair, the firm and the school token."""
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        fair_id = add_fair(client, "常州焊接专场招聘会", "2024-10-15")
        firm = add_firm(client, fair_id, "常州钢构焊接有限公司", "W01")
        for title, level, certificates, low, high in (
            ("电焊工", None, [], 6000, 8000),
            ("电焊工", None, [PERMIT], 7500, 9500),
            ("二保焊工", None, [PERMIT], 8000, 10000),
            ("电焊工", "intermediate", [], 7000, 9000),
        ):
            created = client.post(
                "/api/postings",
                headers={"Authorization": f"Bearer {firm['token']}"},
                json={
                    "fair_id": fair_id,
                    "title": title,
                    "description": "焊接钢结构件和汽车底盘支架，二氧化碳保护焊、氩弧焊。",
                    "skill_level": level,
                    "certificates": certificates,
                    "salary_min": low,
                    "salary_max": high,
                },
            )
            assert created.status_code == 201, created.text
        provider = client.post(
            "/api/training-providers",
            headers=admin,
            json={
                "name": "常州市焊接技能培训中心",
                "address": "武进区常武中路 18 号",
                "phone": "0519-86001234",
                "courses": ["特种作业焊工取证班"],
                "certificates": ["焊工证", "焊工职业技能等级证书（中级工）"],
            },
        )
        assert provider.status_code == 201, provider.text
        school = client.post(
            "/api/schools",
            headers=admin,
            json={"name": "常州技师学院", "majors": ["焊接技术与自动化"]},
        )
        assert school.status_code == 201, school.text
    return fair_id, firm, school.json()["token"]


def _record_intention(base: str, firm: dict[str, Any]) -> None:
    """The firm records a preliminary intention for the seeker who applied to it."""
    auth = {"Authorization": f"Bearer {firm['token']}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        params = {"enterprise_id": firm["id"], "page_size": 50}
        for posting in client.get("/api/postings", params=params).json()["items"]:
            url = f"/api/postings/{posting['id']}/candidates"
            for candidate in client.get(url, headers=auth).json()["items"]:
                if candidate["applied"]:
                    recorded = client.post(
                        "/api/intentions",
                        headers=auth,
                        json={"posting_id": posting["id"], "resume_id": candidate["resume_id"]},
                    )
                    assert recorded.status_code == 201, recorded.text
                    return
    raise AssertionError("the seeker's application did not reach the firm")


def test_ways_to_improve_and_the_school_report(live_fair: LiveFair, chromium: Browser) -> None:
    base = live_fair.base_url
    fair_id, firm, school_token = _welding_fair(base)

    phone = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        locale="zh-CN",
    )
    page = phone.new_page()
    page.goto(f"{base}/resume?fair={fair_id}")
    page.fill("#f-name", "周强")
    page.fill("#f-phone", "13955550001")
    page.select_option("#f-education", "secondary_vocational")
    page.fill("#f-major", "焊接技术与自动化")
    page.select_option("#f-skill_level", "junior")
    page.fill("#f-experience", "在钢结构厂做了两年电焊工，焊接支架和底盘件。")
    page.fill("#f-skills", "二氧化碳保护焊 氩弧焊 看图")
    page.fill("#f-desired_title", "电焊工")
    page.select_option("#f-school_id", label="常州技师学院")
    expect(page.locator("#f-share_with_school")).not_to_be_checked()
    page.check("#f-share_with_school")
    page.check("#f-consent")
    page.click("form.resume button[type=submit]")
    page.wait_for_url(re.compile(r"/me\?saved=1$"))

    card = page.locator("section.gaps")
    expect(card.locator("h2")).to_have_text("提升建议")
    expect(card).to_contain_text(f"考取{PERMIT}可多匹配")
    expect(card).to_contain_text("常州市焊接技能培训中心")
    expect(card.locator('a[href="tel:0519-86001234"]').first).to_be_visible()
    card.scroll_into_view_if_needed()
    _shot(page, "me-zh")

    page.goto(f"{base}/me/recommendations")
    expect(page.locator("section.gaps")).to_contain_text("个岗位")
    _shot(page, "recommendations-zh")
    page.locator(".card form button.primary").first.click()
    page.goto(f"{base}/me?lang=en")
    expect(page.locator("section.gaps h2")).to_have_text("Ways to improve")
    expect(page.locator("section.gaps")).to_contain_text("to your matching postings")
    _shot(page, "me-en")
    phone.close()
    _record_intention(base, firm)

    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    school = desk.new_page()
    school.goto(f"{base}/school")
    school.wait_for_url(f"{base}/school/login")
    school.fill("#token", "fm_sc_not-a-real-token")
    school.click("form.login button[type=submit]")
    expect(school.locator(".notice.bad")).to_be_visible()
    _shot(school, "school-login-failed-zh")
    school.fill("#token", school_token)
    school.click("form.login button[type=submit]")
    school.wait_for_url(f"{base}/school")
    assert school_token not in school.url
    expect(school.locator("h1")).to_contain_text("常州技师学院")
    expect(school.locator("#consenting-students")).to_have_text("1")
    row = school.locator("#outcomes tbody tr").first
    expect(row).to_contain_text("常州焊接专场招聘会")
    expect(row).to_contain_text("焊接技术与自动化")
    expect(row.locator("td").nth(5)).to_have_text("1")  # the intention the firm recorded
    expect(school.locator("#gaps-certificate")).to_contain_text(PERMIT)
    _shot(school, "school-report-zh")
    with school.expect_download() as download:
        school.click("text=下载 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
    desk.close()


def test_the_console_lists_providers_and_schools(live_fair: LiveFair, chromium: Browser) -> None:
    base = live_fair.base_url
    desk = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    sign_in(page, f"{base}/organizer/training")
    page.fill("#tp-name", "常州市电工培训学校")
    page.fill("#tp-address", "新北区通江中路 9 号")
    page.fill("#tp-phone", "0519-85550000")
    page.fill("#tp-courses", "低压电工取证班、维修电工中级")
    page.fill("#tp-certificates", "电工证、电工职业技能等级证书（中级工）")
    page.click("form.panel button[type=submit]")
    page.wait_for_url(f"{base}/organizer/training")
    expect(page.locator("table.grid")).to_contain_text("常州市电工培训学校")
    _shot(page, "console-training-zh")
    page.click("nav >> text=学校账号")
    page.wait_for_url(f"{base}/organizer/schools")
    page.fill("#sc-name", "常州刘国钧高等职业技术学校")
    page.fill("#sc-majors", "电气自动化技术、机电一体化技术")
    page.click("text=创建并生成令牌")
    expect(page.locator("#school-token")).to_contain_text("fm_sc_")
    _shot(page, "console-schools-zh")
    page.goto(f"{base}/organizer/schools")
    expect(page.locator("#school-token")).to_have_count(0)
    desk.close()
