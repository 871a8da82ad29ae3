"""The seeker's job pages: list, search, filters, detail, language, page hits, headers."""

from __future__ import annotations

import gzip

from tests.services.conftest import Api
from tests.support.pages import browser, card_titles, page_hits, small_fair


async def test_fair_list_shows_cards_in_chinese(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        response = await phone.get(f"/f/{fair.fair_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="zh-CN">' in html
    assert "常州市武进区春季技能人才招聘会" in html
    assert sorted(card_titles(html)) == ["数控车工", "电焊工"]
    for text in ("常州恒力精密机械有限公司", "展位 A01", "展位 B07"):
        assert text in html
    assert "7,000–10,000 元/月" in html
    assert "招 5 人" in html
    assert "中级工(四级)" in html
    assert "共 2 个岗位" in html


async def test_search_finds_chinese_words(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        html = (await phone.get(f"/f/{fair.fair_id}", params={"q": "焊接"})).text
    assert card_titles(html) == ["电焊工"]
    assert 'value="焊接"' in html


async def test_filters_narrow_the_list(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        by_level = (await phone.get(f"/f/{fair.fair_id}", params={"level": "senior"})).text
        by_salary = (await phone.get(f"/f/{fair.fair_id}", params={"salary": "11000"})).text
        by_district = (await phone.get(f"/f/{fair.fair_id}", params={"district": "新北区"})).text
        empty_choice = await phone.get(f"/f/{fair.fair_id}", params={"level": "", "salary": ""})
    assert card_titles(by_level) == ["电焊工"]
    assert card_titles(by_salary) == ["电焊工"]
    assert card_titles(by_district) == ["电焊工"]
    assert empty_choice.status_code == 200 and "共 2 个岗位" in empty_choice.text


async def test_booth_page_lists_only_that_enterprise(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        html = (await phone.get(f"/f/{fair.fair_id}/b/{fair.other['id']}")).text
        missing = await phone.get(f"/f/{fair.fair_id}/b/99999")
    assert "常州天合焊接科技有限公司" in html and "展位 B07" in html
    assert card_titles(html) == ["电焊工"]
    assert missing.status_code == 404 and "页面不存在" in missing.text


async def test_job_detail_shows_requirements_booth_and_apply(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        html = (await phone.get(f"/jobs/{fair.lathe['id']}")).text
        missing = await phone.get("/jobs/99999")
    assert "操作FANUC系统数控车床" in html
    assert "持中级工及以上职业技能等级证书" in html
    assert "车工职业技能等级证书" in html
    assert "展位 A01" in html
    assert f'href="/resume?job={fair.lathe["id"]}"' in html  # first-time seeker: résumé first
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")


async def test_language_switch_by_query_then_cookie_then_header(api: Api) -> None:
    fair = await small_fair(api)
    url = f"/f/{fair.fair_id}"
    async with browser(api) as phone:
        english = await phone.get(url, params={"lang": "en"})
        remembered = await phone.get(url)
        back = await phone.get(url, params={"lang": "zh-CN"})
    assert '<html lang="en">' in english.text and "Search jobs" in english.text
    assert "7,000–10,000 yuan/month" in english.text
    assert "Intermediate worker (level 4)" in english.text
    assert '<html lang="en">' in remembered.text
    assert '<html lang="zh-CN">' in back.text
    async with browser(api) as phone:
        by_header = await phone.get(url, headers={"Accept-Language": "en-US,en;q=0.9"})
        default = await phone.get(url, headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in by_header.text
    assert '<html lang="zh-CN">' in default.text


async def test_scans_and_views_are_recorded_with_their_source(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await phone.get(f"/f/{fair.fair_id}?s=qr")
        await phone.get(f"/f/{fair.fair_id}/b/{fair.other['id']}?s=booth-B07")
        await phone.get(f"/f/{fair.fair_id}?q=焊工")
        await phone.get(f"/jobs/{fair.welder['id']}")
        await phone.get(f"/f/{fair.fair_id}?s=<bad>")  # the list again within the minute
    assert await page_hits(api) == [
        ("scan", "qr", None),
        ("scan", "booth-B07", fair.other["id"]),
        ("jobs", "", None),
        ("job", "", fair.other["id"]),
    ], "a page counts once per visitor per minute (issue 22, row 11)"
    stats = await api.request(
        "GET", f"/api/fairs/{fair.fair_id}/stats", token="fm_o_test-admin-token"
    )
    assert stats.json()["scans"] == 2
    assert stats.json()["visits"] == 2


async def test_links_from_a_scanned_page_do_not_count_the_scan_again(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        html = (await phone.get(f"/f/{fair.fair_id}?s=qr")).text
    assert "s=qr" not in html


async def test_pages_send_security_headers_and_gzip(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        response = await phone.get(f"/f/{fair.fair_id}", headers={"Accept-Encoding": "gzip"})
        css = await phone.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["content-encoding"] == "gzip"
    assert "<script>" not in response.text and " style=" not in response.text
    assert css.status_code == 200 and "immutable" in css.headers["cache-control"]
    assert len(gzip.compress(response.content)) < 20_000


async def test_privacy_notice_is_bilingual(api: Api) -> None:
    async with browser(api) as phone:
        zh = (await phone.get("/privacy")).text
        en = (await phone.get("/privacy?lang=en")).text
    assert "只有你投递的企业能看到" in zh and "删除" in zh and "180 天" in zh
    assert "Only the employers you apply to" in en and "180 days" in en


async def test_home_has_a_door_for_seekers_firms_and_organizers(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        zh = await phone.get("/")
        en = (await phone.get("/?lang=en")).text
    assert zh.status_code == 200
    for door in ("求职者", "企业", "主办方"):
        assert door in zh.text
    assert f'href="/f/{fair.fair_id}"' in zh.text  # seekers go to the newest fair's jobs
    assert 'href="/portal"' in zh.text and 'href="/organizer"' in zh.text
    assert "Job seekers" in en and "Enterprises" in en and "Organizers" in en
