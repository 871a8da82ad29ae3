"""The organizer's industrial chains and firm grade pages in headless Chromium: a firm joins its
industry's chains, the organizer moves it to another; a posting's firm grade shows up as the
parser's guess, highlighted, and the organizer confirms it, re-levelling the posting."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, LiveFair, add_fair, sign_in

pytestmark = pytest.mark.browser


def _firm_with_graded_postings(base: str) -> tuple[int, int]:
    """A battery maker at an earlier fair, a "T3" and a "高级技工" posting: (firm, T3 posting)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        fair_id = add_fair(client, "溧阳市新能源专场招聘会", "2024-05-10")
        firm = client.post(
            f"/api/fairs/{fair_id}/enterprises",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            json={
                "name": "江苏溧阳锂电新能源科技有限公司",
                "booth": "L01",
                "industry": "新能源(电池/光伏)",
            },
        ).json()
        ids = []
        for title, grade in (("电池制造工", "T3"), ("设备维修电工", "高级技工")):
            posted = client.post(
                "/api/postings",
                headers={"Authorization": f"Bearer {firm['token']}"},
                json={
                    "fair_id": fair_id,
                    "title": title,
                    "skill_level": "intermediate",
                    "firm_grade": grade,
                    "salary_min": 6500,
                    "salary_max": 9000,
                },
            )
            assert posted.status_code == 201, posted.text
            ids.append(posted.json()["id"])
        return firm["id"], ids[0]


def test_chains_and_grades_console(live_fair: LiveFair, chromium: Browser) -> None:
    base = live_fair.base_url
    firm_id, t3_posting = _firm_with_graded_postings(base)
    shots = ARTIFACTS / "insights"
    shots.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, f"{base}/organizer/chains")
    expect(page.locator("h1")).to_have_text("重点产业链")
    expect(page.locator("#chains")).to_contain_text("新能源汽车及汽车核心零部件")
    row = page.locator(f"#firm-{firm_id}")
    expect(row.locator("summary")).to_have_text("动力电池及新型储能、光伏")
    page.screenshot(path=str(shots / "chains.png"), full_page=False)

    first = page.locator("#chains tbody tr").first
    chain_id = int((first.get_attribute("id") or "").removeprefix("chain-"))
    first.get_by_role("link", name="编辑").click()
    editor = page.locator(f"#edit-{chain_id}")
    expect(editor).to_be_visible()
    editor.locator("input[name=industries]").fill("汽车零部件；新能源汽车；电动汽车")
    page.screenshot(path=str(shots / "chain-edit.png"), full_page=False)
    editor.get_by_role("button", name="保存").click()
    expect(page.locator(f"#chain-{chain_id}")).to_contain_text("电动汽车")
    expect(page.locator(f"#edit-{chain_id}")).to_be_hidden()

    row.locator("summary").click()
    row.get_by_label("光伏").uncheck()
    row.get_by_label("智能电网及输变电装备").check()
    row.get_by_role("button", name="保存").click()
    expect(page.locator(f"#firm-{firm_id} summary")).to_have_text(
        "动力电池及新型储能、智能电网及输变电装备"
    )

    page.click("nav >> text=等级对照")
    page.wait_for_url(f"{base}/organizer/grades")
    expect(page.locator("#guess-count")).to_contain_text("待确认的推测：2 条")
    guess = page.locator("#grades tr.guess", has_text="T3")
    expect(guess).to_contain_text("系统推测，待确认")
    expect(page.locator("#grades tr.guess", has_text="高级技工")).to_contain_text("高级工")
    page.screenshot(path=str(shots / "grades.png"), full_page=True)

    guess.locator("select").select_option("technician")
    guess.get_by_role("button", name="确认").click()
    expect(page.locator("p.notice")).to_have_text("已保存，1 个岗位的等级随之更新")
    expect(page.locator("#guess-count")).to_contain_text("1 条")
    expect(page.locator("#grades tr", has_text="T3")).to_contain_text("主办方确认")
    page.screenshot(path=str(shots / "grades-confirmed.png"), full_page=True)
    context.close()
    level = httpx.get(f"{base}/api/postings/{t3_posting}").json()["skill_level"]
    assert level == "technician"
