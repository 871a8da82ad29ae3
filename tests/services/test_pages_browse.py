"""Browsing a big fair: sorted lists, the booth directory by hall zone, the company page, the
hall map drawn from booth numbers, and the share button of a job."""

from __future__ import annotations

import io
import re

from PIL import Image

from services.fairs.directory import OTHER_ZONE, zone_and_position
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting
from tests.support.pages import browser, card_titles


async def _fair(api: Api) -> int:
    """Three firms in zones A, C and an unlettered booth; four postings of different pay."""
    fair_id = await make_fair(api)
    west = await make_enterprise(api, fair_id, name="常州西区机床有限公司", booth="C12")
    east = await make_enterprise(
        api, fair_id, name="常州东方焊接有限公司", booth="A03", district="新北区"
    )
    hall = await make_enterprise(api, fair_id, name="常州人才服务中心", booth="服务台")
    await make_posting(
        api,
        west["token"],
        fair_id,
        title="数控车工",
        salary_min=6000,
        salary_max=9000,
        skill_level="intermediate",
    )
    await make_posting(
        api,
        east["token"],
        fair_id,
        title="电焊工",
        salary_min=8000,
        salary_max=12000,
        skill_level="senior",
    )
    await make_posting(
        api,
        east["token"],
        fair_id,
        title="装配钳工",
        salary_min=5000,
        salary_max=7000,
        skill_level="junior",
    )
    await make_posting(
        api,
        hall["token"],
        fair_id,
        title="设备维修技师",
        salary_min=7000,
        salary_max=10000,
        skill_level="technician",
    )
    await api.settle()
    return fair_id


def test_booth_numbers_give_zone_and_place() -> None:
    assert zone_and_position("A03") == ("A", 3)
    assert zone_and_position("c-12") == ("C", 12)
    assert zone_and_position("服务台") == (OTHER_ZONE, 0)


async def test_the_list_sorts_by_pay_level_booth_and_newest(api: Api) -> None:
    fair_id = await _fair(api)
    async with browser(api) as phone:
        orders = {
            sort: card_titles((await phone.get(f"/f/{fair_id}?sort={sort}")).text)
            for sort in ("mixed", "newest", "salary", "level", "booth", "nonsense")
        }
        first_page = card_titles((await phone.get(f"/f/{fair_id}")).text)
        searched = await phone.get(f"/f/{fair_id}?q=焊工&sort=salary")
    assert orders["newest"] == ["设备维修技师", "装配钳工", "电焊工", "数控车工"]
    assert orders["salary"] == ["电焊工", "设备维修技师", "数控车工", "装配钳工"]
    assert orders["level"] == ["设备维修技师", "电焊工", "数控车工", "装配钳工"]
    assert orders["booth"][:3] == ["装配钳工", "电焊工", "数控车工"]  # A03, A03, C12, then 服务台
    # firms in turn, each one's newest first: 东方 has two postings, its older one comes last
    assert orders["mixed"] == ["设备维修技师", "装配钳工", "数控车工", "电焊工"]
    assert orders["nonsense"] == orders["mixed"] == first_page
    assert '<option value="salary" selected>' in (await _get(api, f"/f/{fair_id}?sort=salary"))
    assert "按匹配度排序" in searched.text and 'name="sort"' not in searched.text


async def _get(api: Api, url: str) -> str:
    async with browser(api) as phone:
        return (await phone.get(url)).text


async def test_the_directory_groups_firms_by_zone_with_their_openings(api: Api) -> None:
    fair_id = await _fair(api)
    html = await _get(api, f"/f/{fair_id}/booths")
    zones = re.findall(r'<section id="zone-([^"]+)">', html)
    assert zones == ["A", "C", OTHER_ZONE]
    east = html.index("常州东方焊接有限公司")
    assert html.index('id="zone-A"') < east < html.index('id="zone-C"')
    assert "2 个岗位" in html[east : html.index('id="zone-C"')]
    assert 'href="#zone-C"' in html and 'href="#zone-B"' not in html  # empty zones not listed


async def test_the_company_page_names_industry_district_and_booth(api: Api) -> None:
    fair_id = await _fair(api)
    directory = await _get(api, f"/f/{fair_id}/booths")
    link = re.search(r'href="(/f/\d+/b/\d+)">\s*<span class="card-title">常州东方焊接', directory)
    assert link is not None
    company = await _get(api, link.group(1))
    assert "<h1>常州东方焊接有限公司</h1>" in company
    assert "展位 A03" in company and "地区：新北区" in company
    assert sorted(card_titles(company)) == ["电焊工", "装配钳工"]


async def test_the_hall_map_draws_zones_a_to_h_from_booth_numbers(api: Api) -> None:
    fair_id = await _fair(api)
    html = await _get(api, f"/f/{fair_id}/map?lang=en")
    zones = re.findall(r'<h2 id="map-([^"]+)">', html)
    assert zones == [*"ABCDEFGH", OTHER_ZONE]
    assert html.count("No booths in this zone") == 6  # B, D, E, F, G, H
    assert re.search(r'aria-label="C12 常州西区机床有限公司">C12</a>', html)


async def test_a_job_has_a_share_button_for_phones_with_scripts(api: Api) -> None:
    fair_id = await _fair(api)
    listed = await _get(api, f"/f/{fair_id}?sort=salary")
    job = re.search(r'href="(/jobs/\d+)"', listed)
    assert job is not None
    html = await _get(api, job.group(1))
    title = "电焊工，常州东方焊接有限公司，展位 A03"
    assert f'<p class="share" hidden data-share data-share-title="{title}"' in html
    assert ">分享岗位</button>" in html


def _picture(kind: str, size: tuple[int, int] = (3000, 1500)) -> bytes:
    image = Image.new("RGB", size, (200, 220, 240))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # metadata that must not be served again
    buffer = io.BytesIO()
    image.save(buffer, format=kind, exif=exif) if kind == "JPEG" else image.save(buffer, kind)
    return buffer.getvalue()


async def test_an_uploaded_floor_plan_replaces_the_drawn_map(api: Api) -> None:
    fair_id = await _fair(api)
    path = f"/api/fairs/{fair_id}/floor-plan"
    photo = _picture("JPEG")
    assert (await api.request("PUT", path, content=photo)).status_code == 401
    stored = await api.request("PUT", path, token=ADMIN_TOKEN, content=photo)
    assert stored.status_code == 200 and stored.json() == {"width": 2000, "height": 1000}
    html = await _get(api, f"/f/{fair_id}/map")
    assert f'<img class="floor-plan" src="/f/{fair_id}/floor-plan.jpg" width="2000"' in html
    assert '<div class="hall">' not in html
    served = await api.request("GET", f"/f/{fair_id}/floor-plan.jpg")
    assert served.headers["content-type"] == "image/jpeg" and b"CameraMaker" not in served.content
    removed = await api.request("DELETE", path, token=ADMIN_TOKEN)
    assert removed.status_code == 204
    assert '<div class="hall">' in await _get(api, f"/f/{fair_id}/map")
    assert (await api.request("GET", f"/f/{fair_id}/floor-plan.jpg")).status_code == 404


async def test_a_floor_plan_that_is_no_picture_is_refused(api: Api) -> None:
    fair_id = await _fair(api)
    path = f"/api/fairs/{fair_id}/floor-plan"
    for body in (b"", b"%PDF-1.7 not a picture", _picture("GIF", (10, 10))):
        refused = await api.request("PUT", path, token=ADMIN_TOKEN, content=body)
        assert refused.status_code == 422, body[:10]
        assert "PNG、JPEG 或 WebP" in refused.json()["detail"]
    assert (await api.request("PUT", path, token=ADMIN_TOKEN, content=_picture("PNG"))).is_success
