"""A seeker's whole fair on a 360×740 phone, in Chinese and in English: the entrance QR decoded
from its PNG by zbarimg → search → job → résumé → applied in two taps → my applications → the
résumé found again on a second browser by phone and code → deleted. Screenshots in artifacts/."""

from __future__ import annotations

import json
import logging
import re
import subprocess
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from frontend.i18n import EN, ZH, t
from services.config import Environment
from tests.e2e.conftest import ARTIFACTS, LiveFair

pytestmark = pytest.mark.browser

FIRST_PAGE_BUDGET = 10 * 1024  # bytes on the wire, assets included
ZBARIMG = Path("/usr/bin/zbarimg")


class SmsLog(logging.Handler):
    """The server log's development SMS lines ("sms code 123456 for 139****5678")."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.codes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = re.match(r"sms code (\d{6}) ", record.getMessage())
        if found:
            self.codes.append(found.group(1))


def _phone_context(browser: Browser, lang: str) -> BrowserContext:
    return browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=lang,
    )


def _shot(page: Page, lang: str, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fair-{lang}-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


def _scan(live_fair: LiveFair, tmp_path: Path) -> str:
    if not ZBARIMG.exists():
        pytest.skip("zbarimg is missing: apt-get install zbar-tools")
    png = httpx.get(f"{live_fair.base_url}/api/fairs/{live_fair.fair_id}/qr.png").content
    (tmp_path / "fair-qr.png").write_bytes(png)
    decoded = subprocess.run(
        [str(ZBARIMG), "--quiet", "--raw", str(tmp_path / "fair-qr.png")],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return decoded.stdout.strip()


@pytest.mark.parametrize(("lang", "mobile"), [(ZH, "13912340001"), (EN, "13912340002")])
def test_a_whole_fair_on_a_phone(
    live_fair: LiveFair, chromium: Browser, tmp_path: Path, lang: str, mobile: str
) -> None:
    def _(key: str, **params: object) -> str:
        return t(key, lang, **params)

    sms = SmsLog()
    logging.getLogger("fairmatch.sms").addHandler(sms)
    live_fair.app.state.runtime.settings.environment = Environment.development
    first = _phone_context(chromium, lang)
    requests: list[str] = []
    first.on("request", lambda request: requests.append(request.url))
    try:
        phone = first.new_page()
        scanned = _scan(live_fair, tmp_path)
        assert scanned == f"{live_fair.base_url}/f/{live_fair.fair_id}?s=qr"
        phone.goto(scanned + ("&lang=en" if lang == EN else ""))
        phone.wait_for_load_state("load")
        wire = phone.evaluate(
            """() => performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .reduce((total, entry) => total + entry.transferSize, 0)"""
        )
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"fair-{lang}-first-page-bytes.json").write_text(json.dumps({"bytes": wire}))
        assert 0 < wire <= FIRST_PAGE_BUDGET, f"first page {wire} bytes on the wire"
        _shot(phone, lang, "01-scanned")

        phone.get_by_label(_("jobs.search_label")).fill("焊工")
        phone.get_by_role("button", name=_("jobs.search_button"), exact=True).click()
        phone.wait_for_url("**q=*")
        assert "电焊工" in phone.locator(".card-title").all_inner_texts()
        _shot(phone, lang, "02-search")

        phone.get_by_role("link", name="电焊工").first.click()
        phone.wait_for_url("**/jobs/*")
        assert _("job.booth", number="A02") in phone.content()
        _shot(phone, lang, "03-job")

        phone.get_by_role("link", name=_("job.apply")).click()  # tap one
        phone.get_by_role("textbox", name=_("field.name")).fill("王建国")
        phone.get_by_role("textbox", name=_("field.phone")).fill("123")  # a slip of the thumb
        phone.get_by_role("button", name=_("resume.submit_apply")).click()
        outlined = phone.get_by_role("textbox", name=_("field.phone"))
        assert outlined.get_attribute("aria-invalid") == "true"
        assert outlined.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(196, 41, 28)"
        assert not phone.get_by_label(_("field.open_to_recommendations")).is_checked()
        _shot(phone, lang, "04-resume-errors")
        outlined.fill(mobile)
        phone.get_by_label(_("field.education")).select_option("secondary_vocational")
        phone.get_by_label(_("field.skill_level")).select_option("senior")
        phone.get_by_label(_("field.desired_title")).fill("电焊工")
        phone.get_by_label(_("consent.agree")).check()
        phone.get_by_role("button", name=_("resume.submit_apply")).click()  # tap two
        phone.wait_for_url("**/applied?saved=1")
        assert phone.locator(".booth-huge").inner_text() == "A02"
        assert _("resume.saved") in phone.get_by_role("status").all_inner_texts()
        _shot(phone, lang, "05-applied")

        phone.get_by_role("link", name=_("nav.me")).last.click()
        phone.wait_for_url("**/me")
        assert "电焊工" in phone.locator(".card-title").all_inner_texts()
        assert _("status.submitted") in phone.content()
        _shot(phone, lang, "06-my-applications")
    finally:
        first.close()

    second = _phone_context(chromium, lang)  # the phone's own browser, after WeChat
    second.on("request", lambda request: requests.append(request.url))
    try:
        other = second.new_page()
        other.goto(f"{live_fair.base_url}/me" + ("?lang=en" if lang == EN else ""))
        other.get_by_role("link", name=_("find.link")).click()
        other.get_by_role("textbox", name=_("field.phone")).fill(mobile)
        other.get_by_role("button", name=_("find.send")).click()
        other.wait_for_url("**/me/find")
        code = sms.codes[-1]
        assert code in other.locator("#dev-code").inner_text()  # development only
        other.get_by_role("textbox", name=_("find.code")).fill(code)
        _shot(other, lang, "07-find-code")
        other.get_by_role("button", name=_("find.verify")).click()
        other.wait_for_url("**/me?found=1")
        assert _("find.found") in other.content() and "电焊工" in other.content()
        _shot(other, lang, "08-found")

        other.get_by_role("link", name=_("me.delete")).click()
        other.get_by_role("button", name=_("delete.confirm")).click()
        assert other.get_by_role("heading", level=1).inner_text() == _("delete.done_title")
        _shot(other, lang, "09-deleted")
        other.get_by_role("link", name=_("delete.browse")).click()
        other.wait_for_url("**/f/*")
    finally:
        second.close()
        logging.getLogger("fairmatch.sms").removeHandler(sms)
        live_fair.app.state.runtime.settings.environment = Environment.test
    foreign = [url for url in requests if not url.startswith(live_fair.base_url)]
    assert foreign == [], f"requests off the server (a CDN?): {foreign}"


def test_finding_the_way_map_directory_and_share(live_fair: LiveFair, chromium: Browser) -> None:
    context = _phone_context(chromium, ZH)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_fair.base_url)
    try:
        phone = context.new_page()
        phone.goto(f"{live_fair.base_url}/f/{live_fair.fair_id}")
        phone.get_by_role("link", name="展馆地图").click()
        phone.wait_for_url("**/map")
        _shot(phone, ZH, "10-map")
        phone.get_by_role("link", name="A02 常州第2精密制造有限公司").click()
        phone.wait_for_url("**/b/*")
        assert phone.get_by_role("heading", level=1).inner_text() == "常州第2精密制造有限公司"
        phone.goto(f"{live_fair.base_url}/f/{live_fair.fair_id}/booths")
        _shot(phone, ZH, "11-directory")
        phone.goto(f"{live_fair.base_url}/f/{live_fair.fair_id}?sort=salary")
        assert phone.locator(".card-title").first.inner_text() == "电焊工"  # 12,000 at most
        phone.locator(".card-title").first.click()
        phone.get_by_role("button", name="分享岗位").click()
        phone.get_by_text("链接已复制").wait_for()
        copied = phone.evaluate("navigator.clipboard.readText()")
        assert re.fullmatch(rf"{re.escape(live_fair.base_url)}/jobs/\d+", copied)
        _shot(phone, ZH, "12-shared")
    finally:
        context.close()
