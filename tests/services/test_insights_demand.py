"""The demand map API against figures computed straight from the tables, and the k-rule."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pytest

from frontend import CHINA
from services.insights.privacy import MIN_SEEKERS
from services.models import ApplicationStatus
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.insights_city import (
    ELECTRICIAN,
    LATHE,
    PERIOD_2025,
    WELDER,
    City,
    Rows,
    build_city,
    read_rows,
)

ALL_YEARS = {"from": "2024-01-01", "to": "2026-12-31"}


def _level(value: Any) -> str:
    return value.value if value is not None else "-"


def _quartiles(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {
        name: ordered[math.ceil(q * len(ordered)) - 1]
        for name, q in (("p25", 0.25), ("median", 0.5), ("p75", 0.75))
    }


def expected(
    rows: Rows, params: dict[str, Any], *, anonymous: bool
) -> tuple[dict[tuple[str, ...], dict[str, Any]], dict[str, int]]:
    """Cells and totals as the definitions say, computed row by row in plain Python."""
    start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    fair_ids = {
        fid for fid, starts in rows.fairs if start <= starts.astimezone(CHINA).date() <= end
    }
    if params.get("fair_id"):
        wanted = params["fair_id"]
        fair_ids &= set(wanted if isinstance(wanted, list) else [wanted])
    chain, district = params.get("chain", ""), params.get("district", "")
    per_fair = Counter(
        (fair, code, _level(level)) for fair, code, level in rows.resumes if fair in fair_ids
    )

    def seekers(code: str, level: str) -> int:
        return sum(
            n
            for (_, c, lv), n in per_fair.items()
            if (c, lv) == (code, level) and (not anonymous or n >= MIN_SEEKERS)
        )

    chains: dict[int, list[str]] = defaultdict(list)
    for firm, slug in rows.memberships:
        chains[firm].append(slug)
    applications = Counter(
        pid for pid, status in rows.applications if status == ApplicationStatus.submitted
    )
    intentions = Counter(pid for (pid,) in rows.intentions)
    cells: dict[tuple[str, ...], dict[str, Any]] = {}
    salaries: dict[tuple[str, ...], list[float]] = defaultdict(list)
    counted: set[int] = set()
    totals = Counter[str]()
    pairs: set[tuple[str, str]] = set()
    for pid, fair, firm, code, level, headcount, low, high, where in rows.postings:
        if fair not in fair_ids or (district and where != district):
            continue
        key_pair = (code or "-", _level(level))
        if anonymous and seekers(*key_pair) < MIN_SEEKERS:
            continue
        for slug in chains.get(firm) or ["-"]:
            if chain and slug != chain:
                continue
            key = (slug, *key_pair, where or "-")
            cell = cells.setdefault(
                key,
                {"postings": 0, "openings": 0, "applications": 0, "intentions": 0},
            )
            cell["postings"] += 1
            cell["openings"] += headcount
            cell["applications"] += applications[pid]
            cell["intentions"] += intentions[pid]
            cell["seekers"] = seekers(*key_pair)
            salaries[key] += [(low + high) / 2] * headcount
            if pid not in counted:
                counted.add(pid)
                pairs.add(key_pair)
                totals["postings"] += 1
                totals["openings"] += headcount
                totals["applications"] += applications[pid]
                totals["intentions"] += intentions[pid]
    if not chain and not district:
        for _, code, level in per_fair:
            pair = (code, level)
            if pair not in pairs and seekers(*pair) >= (MIN_SEEKERS if anonymous else 1):
                pairs.add(pair)
                cells[("-", *pair, "-")] = {
                    "postings": 0,
                    "openings": 0,
                    "applications": 0,
                    "intentions": 0,
                    "seekers": seekers(*pair),
                }
    for place, cell in cells.items():
        cell["salary"] = _quartiles(salaries.get(place, []))
    totals["seekers"] = sum(seekers(*pair) for pair in pairs)
    return cells, dict(totals)


def answered(body: dict[str, Any]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {
        (c["chain"], c["occupation_code"], c["level"], c["district"]): {
            name: c[name]
            for name in (
                "postings",
                "openings",
                "applications",
                "intentions",
                "seekers",
                "salary",
            )
        }
        for c in body["cells"]
    }


def filter_sets(city: City) -> list[dict[str, Any]]:
    fairs = city.fairs
    return [
        PERIOD_2025,
        ALL_YEARS,
        PERIOD_2025 | {"fair_id": fairs["A"]},
        PERIOD_2025 | {"fair_id": fairs["B"]},
        ALL_YEARS | {"fair_id": [fairs["A"], fairs["C"]]},
        PERIOD_2025 | {"chain": "nev"},
        PERIOD_2025 | {"chain": "equip"},
        PERIOD_2025 | {"district": "武进区"},
        ALL_YEARS | {"chain": "equip", "district": "武进区"},
        {"from": "2025-09-01", "to": "2025-09-30"},
    ]


async def test_demand_map_agrees_with_the_tables_and_keeps_the_k_rule(api: Api) -> None:
    city = await build_city(api)
    rows = await read_rows(api)
    for params in filter_sets(city):
        organizer = await api.request(
            "GET", "/api/insights/demand", token=ADMIN_TOKEN, params=params
        )
        anonymous = await api.request("GET", "/api/insights/demand", params=params)
        assert organizer.status_code == anonymous.status_code == 200, params
        assert organizer.headers["cache-control"] == "private, no-store"
        for body, anon in ((organizer.json(), False), (anonymous.json(), True)):
            cells, totals = expected(rows, params, anonymous=anon)
            assert body["anonymous"] is anon
            assert answered(body) == cells, (params, anon)
            assert body["totals"] == totals, (params, anon)
            assert sum(p["openings"] for p in body["trend"]) == totals["openings"]
            assert sum(p["seekers"] for p in body["trend"]) == totals["seekers"]
            assert sum(d["openings"] for d in body["districts"]) == totals["openings"]
        shown = anonymous.json()
        assert all(cell["seekers"] >= MIN_SEEKERS for cell in shown["cells"]), params
        assert all(line["seekers"] >= MIN_SEEKERS for line in shown["occupations"]), params
        shown_pairs = {(c["occupation_code"], c["level"]) for c in shown["cells"]}
        assert shown["totals"]["seekers"] == sum(
            line["seekers"]
            for line in shown["occupations"]
            if (line["occupation_code"], line["level"]) in shown_pairs
        )


def _pair(body: dict[str, Any], code: str, level: str) -> list[dict[str, Any]]:
    return [c for c in body["cells"] if (c["occupation_code"], c["level"]) == (code, level)]


async def test_small_groups_are_withheld_from_anonymous_answers_only(api: Api) -> None:
    city = await build_city(api)
    organizer = (
        await api.request("GET", "/api/insights/demand", token=ADMIN_TOKEN, params=PERIOD_2025)
    ).json()
    public = (await api.request("GET", "/api/insights/demand", params=PERIOD_2025)).json()
    # Welders: 2 seekers at A and 3 at B, 5 in all; no fair reaches 5, so the public sees none.
    assert {c["seekers"] for c in _pair(organizer, WELDER, "senior")} == {5}
    assert _pair(public, WELDER, "senior") == []
    # Electricians: 5 at A, 1 at B; the public count leaves B's single seeker out.
    assert {c["seekers"] for c in _pair(organizer, ELECTRICIAN, "junior")} == {6}
    assert {c["seekers"] for c in _pair(public, ELECTRICIAN, "junior")} == {5}
    only_b = (
        await api.request(
            "GET", "/api/insights/demand", params=PERIOD_2025 | {"fair_id": city.fairs["B"]}
        )
    ).json()
    assert _pair(only_b, ELECTRICIAN, "junior") == []
    assert {c["seekers"] for c in _pair(only_b, LATHE, "intermediate")} == {5}
    # A firm in two chains counts in both; the totals count its postings once.
    nev = [c for c in organizer["cells"] if c["chain"] == "nev"]
    equip = [c for c in organizer["cells"] if c["chain"] == "equip"]
    assert sum(c["openings"] for c in nev) == 12 + 6 + 8 + 8
    assert sum(c["openings"] for c in equip) == 8 + 8 + 10 + 5
    assert organizer["totals"]["openings"] == 12 + 6 + 8 + 8 + 10 + 5 + 4


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"from": "2025-13-01"}, "YYYY-MM-DD"),
        ({"to": "yesterday"}, "YYYY-MM-DD"),
        ({"to": "9999-12-31"}, "9999-12-31"),
        ({"from": "0001-01-01"}, "0001-01-01"),
        ({"from": "2025-12-01", "to": "2025-01-01"}, "2025-12-01"),
    ],
)
async def test_bad_dates_are_refused_in_both_languages(
    api: Api, params: dict[str, str], needle: str
) -> None:
    for path in ("/api/insights/demand", "/api/insights/shortages", "/api/insights/shortages.xlsx"):
        response = await api.request("GET", path, params=params)
        assert response.status_code == 400, (path, response.text)
        detail = response.json()["detail"]
        assert needle in detail and " / " in detail
        assert any("\u4e00" <= ch <= "\u9fff" for ch in detail.split(" / ")[0])


async def test_unknown_chain_is_not_found(api: Api) -> None:
    response = await api.request("GET", "/api/insights/demand", params={"chain": "nope"})
    assert response.status_code == 404
    assert response.json()["error"] == "UnknownChain"
