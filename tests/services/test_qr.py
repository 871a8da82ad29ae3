"""QR codes decode to short URLs that open the right page and count the scan; the booth sheet."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from services.fairs.qr import find_cjk_font, source_tag
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.support.pages import browser, card_titles, page_hits, small_fair

PUBLIC = "http://testserver"  # FAIRMATCH_PUBLIC_URL unset: the address the request reached


def decode(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1 and results[0].format == zxingcpp.BarcodeFormat.QRCode
    text: str = results[0].text
    return text


async def test_fair_code_opens_the_fair_and_counts_a_scan(api: Api) -> None:
    fair = await small_fair(api)
    response = await api.request("GET", f"/api/fairs/{fair.fair_id}/qr.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    url = decode(response.content)
    assert url == f"{PUBLIC}/f/{fair.fair_id}?s=qr"
    async with browser(api) as phone:
        page = await phone.get(url.removeprefix(PUBLIC))
    assert sorted(card_titles(page.text)) == ["数控车工", "电焊工"]
    assert await page_hits(api) == [("scan", "qr", None)]


async def test_booth_code_opens_its_jobs_and_counts_per_booth(api: Api) -> None:
    fair = await small_fair(api)
    path = f"/api/fairs/{fair.fair_id}/booths/{fair.other['id']}/qr.png"
    url = decode((await api.request("GET", path)).content)
    assert url == f"{PUBLIC}/f/{fair.fair_id}/b/{fair.other['id']}?s=booth-B07"
    async with browser(api) as phone:
        page = await phone.get(url.removeprefix(PUBLIC))
    assert card_titles(page.text) == ["电焊工"]
    assert await page_hits(api) == [("scan", "booth-B07", fair.other["id"])]
    missing = await api.request("GET", f"/api/fairs/{fair.fair_id}/booths/9999/qr.png")
    assert missing.status_code == 404


async def test_posting_code_opens_the_job(api: Api) -> None:
    fair = await small_fair(api)
    url = decode((await api.request("GET", f"/api/postings/{fair.lathe['id']}/qr.png")).content)
    assert url == f"{PUBLIC}/jobs/{fair.lathe['id']}?s=job"
    async with browser(api) as phone:
        page = await phone.get(url.removeprefix(PUBLIC))
    assert "操作FANUC系统数控车床" in page.text
    assert await page_hits(api) == [("scan", "job", fair.enterprise["id"])]


async def test_svg_format(api: Api) -> None:
    fair = await small_fair(api)
    response = await api.request("GET", f"/api/fairs/{fair.fair_id}/qr.png?format=svg")
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.text.startswith("<svg") and "</svg>" in response.text
    bad = await api.request("GET", f"/api/fairs/{fair.fair_id}/qr.png?format=gif")
    assert bad.status_code == 422


async def test_unknown_fair_has_no_code(api: Api) -> None:
    assert (await api.request("GET", "/api/fairs/999/qr.png")).status_code == 404


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: install fonts-wqy-microhei")
async def test_booth_sheet_has_one_page_per_booth_in_chinese(api: Api) -> None:
    fair = await small_fair(api)
    path = f"/api/fairs/{fair.fair_id}/qr-sheet.pdf"
    assert (await api.request("GET", path)).status_code == 401
    assert (await api.request("GET", path, token=fair.enterprise["token"])).status_code == 403
    response = await api.request("GET", path, token=ADMIN_TOKEN)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "展位 A01" in first and "常州恒力精密机械有限公司" in first
    assert "展位 B07" in second and "常州天合焊接科技有限公司" in second
    for text in (first, second):
        assert "扫码查看岗位并投递简历" in text and "Scan to see jobs and apply" in text
    picture = reader.pages[1].images[0].image
    assert picture is not None
    urls = [r.text for r in zxingcpp.read_barcodes(picture)]
    assert urls == [f"{PUBLIC}/f/{fair.fair_id}/b/{fair.other['id']}?s=booth-B07"]
    assert "FAIRMATCH_PUBLIC_URL" not in first  # testserver is not a loopback address


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font: install fonts-wqy-microhei")
async def test_a_sheet_of_loopback_codes_says_so_on_every_page(api: Api) -> None:
    fair = await small_fair(api)
    response = await api.client.get(
        f"http://127.0.0.1:8123/api/fairs/{fair.fair_id}/qr-sheet.pdf",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert response.status_code == 200
    for page in PdfReader(io.BytesIO(response.content)).pages:
        text = " ".join(page.extract_text().split())
        assert "http://127.0.0.1:8123" in text and "手机无法打开" in text
        assert "no phone can open it" in text and "FAIRMATCH_PUBLIC_URL" in text


async def test_a_configured_public_url_wins_over_the_address_reached(api: Api) -> None:
    fair = await small_fair(api)
    api.runtime.settings.public_url = "https://fair.example.cn/"
    png = (await api.request("GET", f"/api/fairs/{fair.fair_id}/qr.png")).content
    assert decode(png) == f"https://fair.example.cn/f/{fair.fair_id}?s=qr"


def test_source_tags_are_safe_for_page_hits() -> None:
    assert source_tag("booth", "A区-01") == "booth-A-01"
    assert source_tag("booth", "展位") == "booth"
    assert len(source_tag("booth", "X" * 80)) == 32
