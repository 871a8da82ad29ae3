"""The talent demand map in headless Chromium: organizer charts and drill-down, public page."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, select

from services.models import Chain, EnterpriseChain, Resume
from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, LiveFair, add_fair, organizer_desk

pytestmark = pytest.mark.browser

# A year no other browser test uses: the live server is shared by the whole e2e session.
PERIOD = "from=2021-01-01&to=2021-12-31"
# Before the session's fair (2025-03-01), so "/" keeps opening that one for the other tests.
FAIRS = (("2021 春季技能人才招聘会", "2021-04-06"), ("2021 秋季技能人才招聘会", "2021-10-12"))
JOBS = (  # title, code, level, headcount, pay, district, chain, seekers per fair
    ("数控车工", "6-18-01-01", "intermediate", 14, (7000, 9000), "武进区", "nev", 6),
    ("焊工", "6-18-02-04", "senior", 9, (8000, 12000), "新北区", "equip", 5),
    ("装配钳工", "6-20-01-01", "senior", 6, (6500, 8500), "天宁区", "equip", 2),
)


def _seed(live: LiveFair) -> None:
    """Two fairs of 2021 with three trades, chains assigned in the database."""
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    firms: dict[str, list[int]] = {"nev": [], "equip": []}
    codes: dict[str, str] = {}
    with httpx.Client(base_url=live.base_url, timeout=60) as client:
        for number, (fair_name, day) in enumerate(FAIRS):
            fair_id = add_fair(client, fair_name, day)
            for index, (title, code, level, headcount, pay, district, chain, seekers) in enumerate(
                JOBS
            ):
                firm = client.post(
                    f"/api/fairs/{fair_id}/enterprises",
                    headers=auth,
                    json={
                        "name": f"常州{district}{title}制造有限公司{number}",
                        "booth": f"M{number}{index}",
                        "district": district,
                    },
                )
                assert firm.status_code == 201, firm.text
                firms[chain].append(firm.json()["id"])
                posting = client.post(
                    "/api/postings",
                    headers={"Authorization": f"Bearer {firm.json()['token']}"},
                    json={
                        "fair_id": fair_id,
                        "title": title,
                        "occupation_code": code,
                        "skill_level": level,
                        "headcount": headcount + number,
                        "salary_min": pay[0],
                        "salary_max": pay[1],
                    },
                )
                assert posting.status_code == 201, posting.text
                for seeker in range(seekers):
                    made = client.post(
                        "/api/resumes",
                        json={
                            "fair_id": fair_id,
                            "name": "李师傅",
                            "phone": f"1360{number}{index}{seeker:05d}",
                            "education": "secondary_vocational",
                            "skill_level": level,
                            "desired_title": title,
                            "open_to_recommendations": True,
                            "consent": True,
                        },
                    )
                    assert made.status_code == 201, made.text
                    codes[str(made.json()["id"])] = code
    engine = create_engine(live.app.state.runtime.settings.sync_database_url)
    with engine.begin() as connection:
        for resume_id, code in codes.items():  # the classifier's guess is not under test
            connection.execute(
                Resume.__table__.update()  # type: ignore[attr-defined]
                .where(Resume.id == int(resume_id))
                .values(occupation_code=code)
            )
        for position, (slug, zh, en) in enumerate(
            (
                ("nev", "新能源汽车及汽车核心零部件", "New energy vehicles"),
                ("equip", "智能装备", "Intelligent equipment"),
            )
        ):
            if connection.scalar(select(Chain.id).where(Chain.slug == slug)) is None:
                connection.execute(
                    Chain.__table__.insert(),  # type: ignore[attr-defined]
                    {"slug": slug, "name_zh": zh, "name_en": en, "position": position},
                )
            chain_id = connection.scalar(select(Chain.id).where(Chain.slug == slug))
            for firm_id in firms[slug]:
                connection.execute(
                    EnterpriseChain.__table__.insert(),  # type: ignore[attr-defined]
                    {"enterprise_id": firm_id, "chain_id": chain_id},
                )
    engine.dispose()


def _charts_drawn(page: Page) -> None:
    for chart in ("chains", "levels", "districts", "trend"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)


def test_demand_map_pages(live_fair: LiveFair) -> None:
    _seed(live_fair)
    base = live_fair.base_url
    shots = ARTIFACTS / "insights"
    shots.mkdir(parents=True, exist_ok=True)
    with organizer_desk(base) as (context, page, errors):
        page.click("text=人才需求地图")
        page.wait_for_url(f"{base}/organizer/insights")
        page.goto(f"{base}/organizer/insights?{PERIOD}")
        _charts_drawn(page)
        expect(page.locator('[data-total="fairs"]')).to_have_text("2")
        expect(page.locator('[data-total="openings"]')).to_have_text(str(2 * (14 + 9 + 6) + 3))
        expect(page.locator("#occupation-table")).to_contain_text("装配钳工")  # 4 seekers
        expect(page.locator("#shortage-table")).to_contain_text("车工")
        page.screenshot(path=str(shots / "01-organizer-map.png"), full_page=True)
        page.evaluate(
            "echarts.getInstanceByDom(document.getElementById('chart-chains'))"
            ".trigger('click', {dataIndex: 1})"
        )
        expect(page.locator("#ins-back")).to_be_visible()
        expect(page.locator("#chain-caption")).to_contain_text("职业需求")
        page.locator("#chart-chains").screenshot(path=str(shots / "02-drill-down.png"))
        page.click("#ins-back")
        expect(page.locator("#ins-back")).to_be_hidden()

        public = context.new_page()
        public.on("pageerror", lambda error: errors.append(str(error)))
        public.goto(f"{base}/")
        public.click("a[href='/insights']")
        public.goto(f"{base}/insights?{PERIOD}")
        _charts_drawn(public)
        expect(public.locator("#occupation-table")).not_to_contain_text("装配钳工")
        expect(public.locator("#occupation-table")).to_contain_text("焊工")
        expect(public.locator('[data-total="openings"]')).to_have_text(str(2 * (14 + 9) + 2))
        expect(public.locator('[data-total="seekers"]')).to_have_text(str(2 * (6 + 5)))
        public.screenshot(path=str(shots / "03-public-map.png"), full_page=True)
        # One fair: its own firms' openings and its own seekers, the k-rule still applied.
        public.select_option('select[name="fair_id"]', label=FAIRS[1][0])
        public.click("form.ins-filters button[type=submit]")
        public.wait_for_url("**fair_id=*")
        _charts_drawn(public)
        expect(public.locator('[data-total="fairs"]')).to_have_text("1")
        expect(public.locator('[data-total="openings"]')).to_have_text(str(14 + 9 + 2))
        expect(public.locator('[data-total="seekers"]')).to_have_text(str(6 + 5))
        expect(public.locator("#occupation-table")).not_to_contain_text("装配钳工")
        expect(public.locator('select[name="fair_id"] option:checked')).to_have_text(FAIRS[1][0])
        xlsx = public.locator("a.button", has_text="XLSX")
        expect(xlsx).to_have_attribute("href", re.compile(r"fair_id=\d+"))
        public.wait_for_timeout(1500)  # the charts' entry animation, for the screenshot
        public.screenshot(path=str(shots / "04-public-one-fair.png"), full_page=True)
    assert errors == []
