"""The talent demand map on the demo data (six fairs over two years, the seeded chains) in
headless Chromium: the organizer's default view, a chain drill-down, English, the public page;
and a demo school's report."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, select

from services.config import Environment, SearchKind, Settings
from services.demo.loader import store_series
from services.demo.series import generate_demo_series
from services.migrate import upgrade
from services.models import Chain
from services.runtime import open_runtime
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, organizer_desk, serving

pytestmark = pytest.mark.browser
ANIMATION_MS = 1500


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    chain_names: list[str]
    school_tokens: dict[str, str]


async def _load(url: str, data: Path) -> dict[str, str]:
    settings = Settings(
        environment=Environment.test,
        database_url=url,
        data_dir=data,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )
    async with open_runtime(settings, start_queue=False) as runtime:
        stored = await store_series(runtime, generate_demo_series())
    return stored.school_tokens


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """The app over the full demo series (not indexed: the map and the school report read the
    database only), the seeded chains' Chinese names and the schools' tokens."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    data = tmp_path_factory.mktemp("demo-map")
    url = f"sqlite:///{data / 'fairmatch.db'}"
    upgrade(url)
    tokens = asyncio.run(_load(url, data))
    engine = create_engine(url)
    with engine.connect() as connection:
        names = list(connection.scalars(select(Chain.name_zh)))
    engine.dispose()
    with serving(url, data) as (base_url, _):
        yield DemoServer(base_url, names, tokens)


def _charts_drawn(page: Page) -> None:
    for chart in ("chains", "levels", "districts", "trend"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    page.wait_for_timeout(ANIMATION_MS)  # bars grow for a second: screenshot them grown


def test_demand_map_on_the_demo_data(demo_server: DemoServer) -> None:
    base, chain_names = demo_server.base_url, demo_server.chain_names
    shots = ARTIFACTS / "insights-demo"
    shots.mkdir(parents=True, exist_ok=True)
    with organizer_desk(base) as (context, page, errors):
        page.goto(f"{base}/organizer/insights")  # no period: the last two years of fairs
        _charts_drawn(page)
        expect(page.locator('[data-total="fairs"]')).to_have_text("6")
        page.screenshot(path=str(shots / "01-organizer-default.png"), full_page=True)
        chart = "echarts.getInstanceByDom(document.getElementById('chart-chains'))"
        top = page.evaluate(f"{chart}.getOption().yAxis[0].data.slice(-1)[0]")
        assert top in chain_names, top  # the busiest chain is a seeded one, by its name
        bars = page.evaluate(f"{chart}.getOption().yAxis[0].data.length")
        page.evaluate(f"{chart}.trigger('click', {{dataIndex: {bars - 1}}})")
        expect(page.locator("#ins-back")).to_be_visible()
        expect(page.locator("#chain-caption")).to_contain_text(top)
        page.wait_for_timeout(ANIMATION_MS)
        page.locator("#chart-chains").screenshot(path=str(shots / "02-drill-down.png"))
        page.click("#ins-back")
        expect(page.locator("#ins-back")).to_be_hidden()
        page.goto(f"{base}/organizer/insights?lang=en")
        _charts_drawn(page)
        page.screenshot(path=str(shots / "03-organizer-en.png"), full_page=True)

        public = context.new_page()
        public.on("pageerror", lambda error: errors.append(str(error)))
        public.goto(f"{base}/insights")
        _charts_drawn(public)
        expect(public.locator('select[name="fair_id"] option')).to_have_count(6)  # all held
        public.screenshot(path=str(shots / "04-public.png"), full_page=True)
    assert errors == []


def test_a_demo_school_reads_its_report(demo_server: DemoServer, chromium: Browser) -> None:
    base = demo_server.base_url
    name, token = next(iter(demo_server.school_tokens.items()))
    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors: list[str] = []
    try:
        page = desk.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/school/login")
        page.fill("#token", token)
        page.click("form.login button[type=submit]")
        page.wait_for_url(f"{base}/school")
        expect(page.locator("h1")).to_contain_text(name)
        expect(page.locator("#outcomes tbody tr").first).to_be_visible()
        expect(page.locator("#gaps-certificate")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "insights-demo" / "05-school.png"), full_page=True)
    finally:
        desk.close()
    assert errors == []
