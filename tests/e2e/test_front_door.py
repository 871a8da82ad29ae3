"""The front door and the API docs in headless Chromium, with every other host unreachable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Route, sync_playwright

from frontend import STATIC_DIR
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveFair

pytestmark = pytest.mark.browser


def test_three_doors_and_offline_api_docs(live_fair: LiveFair) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    if not (STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        pytest.fail("Swagger UI is not built: cd frontend/charts && npm ci && npm run build")
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        if route.request.url.startswith(live_fair.base_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        context.route("**/*", offline)
        try:
            page = context.new_page()
            page.goto(live_fair.base_url + "/")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "home-doors.png"), full_page=True)
            page.click("text=企业")
            page.wait_for_url("**/portal/login**")
            page.go_back()
            page.click("text=主办方")
            page.wait_for_url("**/dashboard/login?next=/organizer")
            page.go_back()
            page.click("text=求职者")
            page.wait_for_url(re.compile(r"/f/\d+$"))  # the newest fair's jobs
            page.goto(live_fair.base_url + "/docs")
            page.wait_for_selector(".swagger-ui .opblock-summary-path")
            assert page.locator(".swagger-ui .opblock").count() >= 30  # the operations
            page.screenshot(path=str(ARTIFACTS / "api-docs-offline.png"))
        finally:
            context.close()
            chromium.close()
    assert elsewhere == []  # nothing was fetched from a CDN
