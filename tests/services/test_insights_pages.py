"""The demand map pages show what the API answers: every cell to organizers, the k-rule to all."""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any

from services.insights.privacy import MIN_SEEKERS
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.insights_city import PERIOD_2025, WELDER, build_city
from tests.support.pages import browser, organizer_sign_in

_DATA = re.compile(r'<script type="application/json" id="ins-data">(.*?)</script>', re.S)
_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def page_data(text: str) -> dict[str, Any]:
    found = _DATA.search(text)
    assert found, "the page carries no demand map"
    data: dict[str, Any] = json.loads(html_lib.unescape(found.group(1)))
    return data


def table_rows(text: str, table_id: str) -> list[list[str]]:
    body = re.search(
        rf'<table class="ins-table" id="{table_id}">.*?<tbody>(.*?)</tbody>', text, re.S
    )
    assert body, table_id
    return [
        [html_lib.unescape(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


async def test_organizer_map_page_matches_the_api(api: Api) -> None:
    city = await build_city(api)
    query = PERIOD_2025 | {"chain": "nev"}
    async with browser(api) as client:
        assert (await client.get("/organizer/insights")).status_code == 303
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/insights")
        page = await client.get("/organizer/insights", params=query)
        assert page.status_code == 200
        console = await client.get("/organizer")
    assert 'href="/organizer/insights"' in console.text and "人才需求地图" in console.text
    data = page_data(page.text)
    served = await api.request("GET", "/api/insights/demand", token=ADMIN_TOKEN, params=query)
    assert data == served.json()
    assert any(c["occupation_code"] == WELDER for c in data["cells"])  # small cells included
    assert _SCRIPT.search(page.text) is None  # no inline script: the CSP forbids it
    assert f'<option value="{city.fairs["A"]}"' in page.text
    shortages = (await api.request("GET", "/api/insights/shortages", params=PERIOD_2025)).json()
    shown = table_rows(page.text, "shortage-table")
    assert [(r[1], r[2], r[4], r[5], r[6]) for r in shown] == [
        (
            r["occupation_code"],
            r["occupation_name"],
            r["grade_label"],
            str(r["openings"]),
            str(r["seekers"]),
        )
        for r in shortages["rows"]
    ]
    lines = table_rows(page.text, "occupation-table")
    assert [(r[0], int(r[4]), int(r[5])) for r in lines] == [
        (line["occupation_code"], line["openings"], line["seekers"]) for line in data["occupations"]
    ]
    assert f"from={PERIOD_2025['from']}&amp;to={PERIOD_2025['to']}" in page.text


async def test_public_page_shows_only_the_k_rule_cells(api: Api) -> None:
    await build_city(api)
    home = await api.request("GET", "/")
    assert 'href="/insights"' in home.text
    for query in (PERIOD_2025, PERIOD_2025 | {"district": "武进区"}, {"lang": "en"} | PERIOD_2025):
        page = await api.request("GET", "/insights", params=query)
        assert page.status_code == 200
        data = page_data(page.text)
        served = await api.request("GET", "/api/insights/demand", params=query)
        assert data == served.json()
        assert data["anonymous"] is True
        assert all(cell["seekers"] >= MIN_SEEKERS for cell in data["cells"])
        assert all(int(row[5]) >= MIN_SEEKERS for row in table_rows(page.text, "occupation-table"))
        assert not any(c["occupation_code"] == WELDER for c in data["cells"])
        assert 'name="fair_id"' not in page.text
    english = await api.request("GET", "/insights", params={"lang": "en"} | PERIOD_2025)
    assert "Talent demand map" in english.text


async def test_bad_dates_on_the_page_answer_an_error_page(api: Api) -> None:
    page = await api.request("GET", "/insights", params={"from": "2025-02-30"})
    assert page.status_code == 400
    assert "YYYY-MM-DD" in page.text and "<html" in page.text
