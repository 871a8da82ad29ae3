"""A phone at the fair, in real headless Chromium: scan → search → job → résumé → apply → mine."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import httpx
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveFair

pytestmark = pytest.mark.browser

PAGE_BUDGET = 200_000


@pytest.fixture
def phone() -> Iterator[Page]:
    """A 360×740 Android-sized page with a Chinese locale."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            chromium.close()


class Weights:
    """Bytes transferred per page (headers and gzip bodies, assets included; cache hits are 0)."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}

    def visit(self, name: str, page: Page) -> None:
        page.wait_for_load_state("load")
        self.pages[name] = page.evaluate(
            """() => performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .reduce((total, entry) => total + entry.transferSize, 0)"""
        )


def _check_phone_layout(page: Page, name: str) -> None:
    """No sideways scrolling at 360 px, every control at least 44 px tall, a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    small = page.evaluate(
        """() => [...document.querySelectorAll('button, .button, input, select, textarea, nav a')]
            .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'checkbox')
            .filter(e => e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert small == [], f"{name}: touch targets under 44 px: {small}"


def test_scan_search_apply_and_see_my_application(live_fair: LiveFair, phone: Page) -> None:
    weights = Weights()
    with httpx.Client(base_url=live_fair.base_url) as client:
        png = client.get(f"/api/fairs/{live_fair.fair_id}/qr.png").content
    scanned = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text

    phone.goto(scanned)
    weights.visit("job list (first load, cold cache)", phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "常州市技能人才招聘会"
    _check_phone_layout(phone, "01-scan-job-list")

    phone.get_by_label("搜索岗位").fill("焊工")
    phone.get_by_role("button", name="搜索").click()
    phone.wait_for_url("**q=*")
    weights.visit("search results", phone)
    titles = phone.locator(".card-title").all_inner_texts()
    assert "电焊工" in titles
    _check_phone_layout(phone, "02-search")

    phone.get_by_role("link", name="电焊工").first.click()
    weights.visit("job detail", phone)
    assert "展位 A02" in phone.content()
    _check_phone_layout(phone, "03-job")

    phone.get_by_role("link", name="投递简历").click()
    weights.visit("résumé form", phone)
    phone.get_by_role("textbox", name="姓名").fill("王建国")
    phone.get_by_role("textbox", name="手机号").fill("13800001111")
    phone.get_by_label("学历").select_option("secondary_vocational")
    phone.get_by_role("textbox", name="专业", exact=True).fill("焊接技术")
    phone.get_by_label("职业技能等级").select_option("senior")
    phone.get_by_label("工作年限（年）").fill("3")
    phone.get_by_label("期望岗位").fill("电焊工")
    phone.get_by_label("我已阅读并同意隐私声明").check()
    _check_phone_layout(phone, "04-resume-form")
    phone.get_by_role("button", name="提交简历并投递").click()  # the second tap applies
    phone.wait_for_url("**/applied?saved=1")
    weights.visit("applied confirmation", phone)
    assert phone.get_by_role("status").first.inner_text() == "简历已保存"
    assert phone.locator(".booth-huge").inner_text() == "A02"
    _check_phone_layout(phone, "05-applied")

    phone.get_by_role("link", name="我的投递").first.click()
    weights.visit("my applications", phone)
    assert "电焊工" in phone.locator(".card-title").all_inner_texts()
    assert "已投递" in phone.content()
    _check_phone_layout(phone, "06-my-applications")

    phone.goto(f"{live_fair.base_url}/f/{live_fair.fair_id}?lang=en")
    weights.visit("job list in English (warm cache)", phone)
    assert phone.get_by_role("button", name="Search").is_visible()
    _check_phone_layout(phone, "07-english")

    (ARTIFACTS / "page-weights.json").write_text(
        json.dumps(weights.pages, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    assert weights.pages["job list (first load, cold cache)"] < PAGE_BUDGET
