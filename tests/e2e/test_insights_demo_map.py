"""The talent demand map on the demo data (six fairs over two years, the seeded chains) in
headless Chromium: the organizer's default view, a chain drill-down, English, the public page."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import create_engine, select

from services.config import Environment, SearchKind, Settings
from services.demo.loader import store_series
from services.demo.series import generate_demo_series
from services.migrate import upgrade
from services.models import Chain
from services.runtime import open_runtime
from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serving

pytestmark = pytest.mark.browser
ANIMATION_MS = 1500


async def _load(url: str, data: Path) -> None:
    settings = Settings(
        environment=Environment.test,
        database_url=url,
        data_dir=data,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )
    async with open_runtime(settings, start_queue=False) as runtime:
        await store_series(runtime, generate_demo_series())


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The app over the full demo series (not indexed: the map reads the database only) and
    the seeded chains' Chinese names."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    data = tmp_path_factory.mktemp("demo-map")
    url = f"sqlite:///{data / 'fairmatch.db'}"
    upgrade(url)
    asyncio.run(_load(url, data))
    engine = create_engine(url)
    with engine.connect() as connection:
        names = list(connection.scalars(select(Chain.name_zh)))
    engine.dispose()
    with serving(url, data) as (base_url, _):
        yield base_url, names


def _charts_drawn(page: Page) -> None:
    for chart in ("chains", "levels", "districts", "trend"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    page.wait_for_timeout(ANIMATION_MS)  # bars grow for a second: screenshot them grown


def test_demand_map_on_the_demo_data(demo_server: tuple[str, list[str]]) -> None:
    base, chain_names = demo_server
    shots = ARTIFACTS / "insights-demo"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        errors: list[str] = []
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{base}/organizer")
            page.fill("#token", ADMIN_TOKEN)
            page.click("form.login button[type=submit]")
            page.wait_for_url(f"{base}/organizer")
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
            expect(public.locator('select[name="fair_id"]')).to_have_count(0)
            public.screenshot(path=str(shots / "04-public.png"), full_page=True)
        finally:
            context.close()
            chromium.close()
    assert errors == []
