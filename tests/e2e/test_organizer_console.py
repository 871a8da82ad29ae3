"""The organizer console in headless Chromium at 1920×1080, end to end: sign in, create a fair,
register a firm (its password shown once), download the QR sheet and decode a code, a firm
applies to join and is approved with a booth, a password is reset."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveFair, sign_in

pytestmark = pytest.mark.browser

CREDIT_CODE = "91350100M000100Y43"


def _issued(page: Page) -> tuple[str, str]:
    return page.inner_text("#issued code.username"), page.inner_text("#issued code.password")


def _decode_first_code(pdf: Path, work: Path) -> str:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "120", "-f", "1", "-l", "1", str(pdf), str(work / "page")],
        check=True,
    )
    (image,) = work.glob("page*.png")
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], check=True, capture_output=True, text=True
    )
    return found.stdout.strip()


def _logs_in(base_url: str, username: str, password: str) -> bool:
    response = httpx.post(
        f"{base_url}/api/auth/login", json={"username": username, "password": password}
    )
    return response.status_code == 200


def test_organizer_console_end_to_end(live_fair: LiveFair, tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs zbar-tools (zbarimg) and poppler-utils (pdftoppm)")
    base = live_fair.base_url
    shots = ARTIFACTS / "organizer"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(
            viewport={"width": 1920, "height": 1080}, locale="zh-CN", accept_downloads=True
        )
        try:
            page = context.new_page()
            sign_in(page, f"{base}/organizer")

            # A fair before the session's one, so "/" keeps opening that for the other tests.
            page.fill("#nf-name", "武进区秋季专场招聘会")
            page.fill("#nf-venue", "武进人力资源市场")
            page.fill("#nf-starts_at", "2024-11-20T08:30")
            page.fill("#nf-ends_at", "2024-11-20T12:00")
            page.click("text=创建招聘会")
            page.wait_for_url(re.compile(r"/organizer/fairs/\d+$"))
            fair_id = int(page.url.rsplit("/", 1)[1])
            expect(page.locator("h1")).to_have_text("武进区秋季专场招聘会")
            expect(page.locator(".portal-head .meta")).to_contain_text("2024-11-20 08:30 北京时间")

            page.fill("#rf-name", "常州秋实精密机械有限公司")
            page.fill("#rf-booth", "K01")
            page.fill("#rf-contact_phone", "13900003333")
            page.click("text=登记并生成账号")
            expect(page.locator("h1")).to_have_text("企业账号已生成")
            username, password = _issued(page)
            page.screenshot(path=str(shots / "01-issued.png"))
            assert _logs_in(base, username, password)

            page.click("text=返回招聘会")
            with page.expect_download() as download:
                page.click("text=下载展位二维码（PDF）")
            sheet = tmp_path / "sheet.pdf"
            download.value.save_as(sheet)
            firm_id = int(page.locator("tr[id^=firm-]").first.get_attribute("id")[5:])  # type: ignore[index]
            assert (
                _decode_first_code(sheet, tmp_path) == f"{base}/f/{fair_id}/b/{firm_id}?s=booth-K01"
            )

            join = context.new_page()
            join.goto(f"{base}/f/{fair_id}/join")
            join.fill("#j-name", "常州新北焊接科技有限公司")
            join.fill("#j-credit_code", CREDIT_CODE[:-1] + "0")
            join.fill("#j-contact_name", "钱经理")
            join.fill("#j-contact_phone", "13800004444")
            join.click("text=提交报名")
            expect(join.locator("#j-credit_code-error")).to_contain_text("校验位")
            join.screenshot(path=str(shots / "02-join-refused.png"), full_page=True)
            join.fill("#j-credit_code", CREDIT_CODE)
            join.click("text=提交报名")
            expect(join.locator(".notice.ok")).to_contain_text("报名已提交")
            join.close()

            page.reload()
            request = page.locator("tr[id^=request-]").first
            expect(request).to_contain_text(CREDIT_CODE)
            page.screenshot(path=str(shots / "03-fair.png"), full_page=True)
            request.locator("input[name=booth]").fill("K02")
            request.locator("text=通过并分配展位").click()
            expect(page.locator("#issued")).to_contain_text("常州新北焊接科技有限公司")
            joined_user, joined_password = _issued(page)
            assert _logs_in(base, joined_user, joined_password)

            page.click("text=返回招聘会")
            expect(page.locator("#requests + table, #requests ~ table").first).to_contain_text(
                "已通过"
            )
            page.locator(f"#firm-{firm_id} button", has_text="重置密码").click()
            expect(page.locator("h1")).to_have_text("密码已重置")
            same_user, new_password = _issued(page)
            page.screenshot(path=str(shots / "04-reset.png"))
        finally:
            context.close()
            chromium.close()
    assert same_user == username and new_password != password
    assert _logs_in(base, username, new_password)
    assert not _logs_in(base, username, password)
