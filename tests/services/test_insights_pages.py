"""The demand map pages show what the API answers: every cell to organizers, the k-rule to all."""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any

from sqlalchemy import event

from services.insights.privacy import MIN_SEEKERS
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_fair
from tests.services.insights_city import FITTER, LATHE, PERIOD_2025, WELDER, build_city
from tests.services.test_insights_catalogue import sheet_rows
from tests.support.pages import browser, organizer_sign_in

_DATA = re.compile(r'<script type="application/json" id="ins-data">(.*?)</script>', re.S)
_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def page_data(text: str) -> dict[str, Any]:
    found = _DATA.search(text)
    assert found, "the page carries no demand map"
    data: dict[str, Any] = json.loads(html_lib.unescape(found.group(1)))
    return data


def chart_view(body: dict[str, Any]) -> dict[str, Any]:
    """An API answer as the page carries it: cells summed over districts, without pay."""
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for cell in body["cells"]:
        key = (cell["chain"], cell["occupation_code"], cell["level"])
        counts = ("postings", "openings", "applications", "intentions")
        found = cells.setdefault(
            key, cell | {"district": None, "salary": None} | dict.fromkeys(counts, 0)
        )
        for name in counts:
            found[name] += cell[name]
    return body | {"cells": list(cells.values())}


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
    assert data == chart_view(served.json())
    assert len(data["cells"]) < len(served.json()["cells"])  # nev's lathes: two districts, one cell
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
        assert data == chart_view(served.json())
        assert data["anonymous"] is True
        assert all(cell["seekers"] >= MIN_SEEKERS for cell in data["cells"])
        assert all(int(row[5]) >= MIN_SEEKERS for row in table_rows(page.text, "occupation-table"))
        assert not any(c["occupation_code"] == WELDER for c in data["cells"])
    english = await api.request("GET", "/insights", params={"lang": "en"} | PERIOD_2025)
    assert "Talent demand map" in english.text


async def test_public_page_filters_by_fair_and_keeps_the_k_rule(api: Api) -> None:
    city = await build_city(api)
    upcoming = await make_fair(
        api,
        name="2099 春季招聘会",
        starts_at="2099-03-07T08:30:00+08:00",
        ends_at="2099-03-07T12:00:00+08:00",
    )
    only_b = PERIOD_2025 | {"fair_id": city.fairs["B"]}
    page = await api.request("GET", "/insights", params=only_b)
    assert page.status_code == 200
    data = page_data(page.text)
    served = await api.request("GET", "/api/insights/demand", params=only_b)
    assert data == chart_view(served.json())
    assert [fair["id"] for fair in data["fairs"]] == [city.fairs["B"]]
    # Fair B's small groups stay hidden under the filter: 3 welders, 1 electrician.
    assert {(c["occupation_code"], c["seekers"]) for c in data["cells"]} == {
        (LATHE, 5),
        (FITTER, 5),
    }
    assert data["totals"]["seekers"] == 10 and data["trend"][0]["seekers"] == 10
    assert all(int(row[5]) >= MIN_SEEKERS for row in table_rows(page.text, "occupation-table"))
    assert {row[1] for row in table_rows(page.text, "occupation-table")} == {"车工", "装配钳工"}
    # The fairs offered: those opened, never one still to come; the asked one selected.
    offered = dict(re.findall(r'<option value="(\d+)"( selected)?>', page.text))
    assert {int(fair) for fair in offered} == set(city.fairs.values())
    assert offered[str(city.fairs["B"])] == " selected" and offered[str(city.fairs["A"])] == ""
    async with browser(api) as client:
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/insights")
        organizer = await client.get("/organizer/insights", params=only_b)
    assert f'<option value="{upcoming}"' in organizer.text
    # The shortage table and its downloads are of fair B too.
    shortages = await api.request("GET", "/api/insights/shortages", params=only_b)
    shown = [(r[1], r[6]) for r in table_rows(page.text, "shortage-table")]
    assert shown == [(r["occupation_code"], str(r["seekers"])) for r in shortages.json()["rows"]]
    assert shown == [(LATHE, "5"), (FITTER, "5")]
    downloads = re.findall(r'href="(/api/insights/shortages\.(?:xlsx|pdf)\?[^"]+)"', page.text)
    assert len(downloads) == 2
    for link in downloads:
        assert f"&amp;fair_id={city.fairs['B']}&amp;" in link
    xlsx = await api.request("GET", html_lib.unescape(downloads[0]))
    assert xlsx.status_code == 200
    assert [row[1] for row in sheet_rows(xlsx.content)[1:]] == [LATHE, FITTER]


async def test_a_page_reads_each_aggregate_once(api: Api) -> None:
    """The map and the shortage catalogue of a page share their grouped rows: postings are
    grouped three times (by fair, pay, chart cells), résumés once, whoever asks."""
    await build_city(api)
    read: list[str] = []

    def log(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        read.append(statement)

    engine = api.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", log)
    try:
        async with browser(api) as client:
            await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/insights")
            for path in ("/organizer/insights", "/insights"):
                read.clear()
                assert (await client.get(path, params=PERIOD_2025)).status_code == 200
                grouped = [sql for sql in read if "GROUP BY" in sql]  # not the app's sweeps
                assert sum("FROM postings" in sql for sql in grouped) == 3, (path, read)
                assert sum("FROM resumes" in sql for sql in grouped) == 1, (path, read)
    finally:
        event.remove(engine, "before_cursor_execute", log)


async def test_bad_dates_on_the_page_answer_an_error_page(api: Api) -> None:
    page = await api.request("GET", "/insights", params={"from": "2025-02-30"})
    assert page.status_code == 400
    assert "YYYY-MM-DD" in page.text and "<html" in page.text
