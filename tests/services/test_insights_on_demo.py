"""The insights on the demo data (six fairs over two years, seeded chains, firm grades): the
demand API, the shortage catalogue (API, XLSX, PDF, pages) and the k-rule, each figure checked
against counts computed straight from the tables in SQL or in plain Python.

The demo series is stored once per database (module scope, no search indexing: the insights
read the database only) at a small scale; the tests only read it.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from frontend import CHINA
from matcher.domain import SkillLevel
from services.config import Environment, SearchKind, Settings
from services.demo.loader import store_series
from services.demo.series import generate_demo_series
from services.fairs.qr import find_cjk_font
from services.insights.privacy import MIN_SEEKERS
from services.runtime import open_runtime
from tests.conftest import POSTGRES_UP
from tests.services.conftest import ADMIN_TOKEN, Api, _truncate_postgres
from tests.services.insights_city import Rows, read_rows
from tests.services.test_insights_catalogue import (
    catalogue_cells,
    expected_rows,
    rule_cells,
    sheet_rows,
)
from tests.services.test_insights_demand import answered, expected
from tests.services.test_insights_pages import chart_view, page_data, table_rows
from tests.support.pages import browser, organizer_sign_in

RESUMES, SCALE = 600, 0.5  # the main fair's visitors; earlier fairs at half their size
WHOLE = {"from": "2023-01-01", "to": "2025-12-31"}
FIGURES = ("postings", "openings", "seekers", "applications", "intentions")
DEMAND, SHORTAGES = "/api/insights/demand", "/api/insights/shortages"


async def _load(settings: Settings) -> None:
    async with open_runtime(settings, start_queue=False) as runtime:
        await store_series(runtime, generate_demo_series(resumes=RESUMES, scale=SCALE))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> Iterator[str]:
    """A database holding the demo series, shared by this module's (read-only) tests."""
    folder = tmp_path_factory.mktemp("demo")
    if request.param == "sqlite":
        shutil.copy(sqlite_template, folder / "demo.db")
        url = f"sqlite:///{folder / 'demo.db'}"
    else:
        if not POSTGRES_UP:
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
        url = request.getfixturevalue("postgres_migrated")
        _truncate_postgres(url)
    settings = Settings(
        environment=Environment.test,
        database_url=url,
        data_dir=folder / "data",
        search_backend=SearchKind.embedded,
        redis_url=None,
        embedder="use",
    )
    asyncio.run(_load(settings))
    yield url
    if request.param == "postgres":
        _truncate_postgres(url)


@pytest.fixture
def database_url(demo_url: str) -> str:
    """Every test of this module reads the demo database."""
    return demo_url


@pytest.fixture
async def rows(api: Api) -> Rows:
    return await read_rows(api)


def fairs_of(rows: Rows) -> list[int]:
    return [fid for fid, _ in sorted(rows.fairs, key=lambda fair: fair[1])]


def chains_of(rows: Rows) -> list[str]:
    """Chains with member firms that posted, busiest first."""
    firms = Counter(firm for _, _, firm, *_ in rows.postings)
    busy = Counter[str]()
    for firm, slug in rows.memberships:
        busy[slug] += firms[firm]
    return [slug for slug, n in busy.most_common() if n]


def districts_of(rows: Rows) -> list[str]:
    return sorted({where for *_, where in rows.postings if where})


def filter_sets(rows: Rows) -> list[dict[str, Any]]:
    """Whole period, a year, fairs, the busiest chains and districts, and combinations (the
    k-rule test below walks every fair, chain and district)."""
    fairs, chains, districts = fairs_of(rows), chains_of(rows), districts_of(rows)
    return [
        WHOLE,
        {"from": "2024-01-01", "to": "2024-12-31"},
        *(WHOLE | {"fair_id": fair} for fair in fairs[::2]),
        WHOLE | {"fair_id": [fairs[0], fairs[-1]]},
        *(WHOLE | {"chain": slug} for slug in chains[:2]),
        *(WHOLE | {"district": name} for name in districts[:2]),
        WHOLE | {"chain": chains[0], "district": districts[0]},
        WHOLE | {"fair_id": fairs[-1], "chain": chains[1]},
        {"from": "2024-01-01", "to": "2025-12-31", "chain": chains[-1], "district": districts[-1]},
    ]


def _in_scope(rows: Rows, params: dict[str, Any]) -> list[int]:
    start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    wanted = params.get("fair_id")
    chosen = set(wanted if isinstance(wanted, list) else [wanted]) if wanted else None
    return [
        fid
        for fid, starts in rows.fairs
        if start <= starts.astimezone(CHINA).date() <= end and (chosen is None or fid in chosen)
    ]


PAIR = "COALESCE({t}.occupation_code, '-') || '|' || COALESCE({t}.skill_level, '-')"


async def sql_totals(
    connection: AsyncConnection, fairs: list[int], params: dict[str, Any], *, anonymous: bool
) -> dict[str, int]:
    """The answer's totals by the definitions, in SQL of its own: postings and openings of the
    fairs' postings, submitted applications, intentions, and the seekers of the occupation ×
    level pairs the answer covers (anonymous: only per-fair groups of MIN_SEEKERS or more)."""
    ids = ",".join(str(fair) for fair in fairs) or "NULL"
    chain, district = params.get("chain", ""), params.get("district", "")
    groups = (
        f"SELECT r.fair_id, {PAIR.format(t='r')} AS pair, COUNT(*) AS n FROM resumes r "
        f"WHERE r.fair_id IN ({ids}) GROUP BY r.fair_id, {PAIR.format(t='r')}"
        + (f" HAVING COUNT(*) >= {MIN_SEEKERS}" if anonymous else "")
    )
    scope = (
        "FROM postings p JOIN enterprises e ON e.id = p.enterprise_id "
        f"WHERE p.fair_id IN ({ids}) AND (:district = '' OR e.district = :district) "
        "AND (:chain = '' OR EXISTS (SELECT 1 FROM enterprise_chains ec JOIN chains c "
        "ON c.id = ec.chain_id WHERE ec.enterprise_id = p.enterprise_id AND c.slug = :chain))"
        + (f" AND {PAIR.format(t='p')} IN (SELECT pair FROM ({groups}) g)" if anonymous else "")
    )
    bind = {"chain": chain, "district": district}

    async def one(sql: str) -> int:
        return int((await connection.execute(text(sql), bind)).scalar() or 0)

    posted = f"SELECT p.id {scope}"
    pairs = f"SELECT {PAIR.format(t='p')} {scope}"
    return {
        "postings": await one(f"SELECT COUNT(*) {scope}"),
        "openings": await one(f"SELECT SUM(p.headcount) {scope}"),
        "applications": await one(
            f"SELECT COUNT(*) FROM applications WHERE status = 'submitted' "
            f"AND posting_id IN ({posted})"
        ),
        "intentions": await one(f"SELECT COUNT(*) FROM intentions WHERE posting_id IN ({posted})"),
        "seekers": await one(
            f"SELECT SUM(n) FROM ({groups}) g"
            + ("" if not chain and not district else f" WHERE g.pair IN ({pairs})")
        ),
    }


def _median(offers: list[tuple[int, int]]) -> float:
    """Nearest-rank median of (min + max) / 2 with every opening one offer."""
    spread = sorted(value / 2 for value, weight in offers for _ in range(weight))
    return spread[(len(spread) + 1) // 2 - 1]


async def test_demand_api_agrees_with_sql_and_python_over_the_rows(api: Api, rows: Rows) -> None:
    assert len(rows.fairs) >= 6 and len(chains_of(rows)) >= 4 and len(districts_of(rows)) >= 4
    async with api.runtime.sessions() as session:
        connection = await session.connection()
        for params in filter_sets(rows):
            fairs = _in_scope(rows, params)
            assert fairs, params
            for token in (ADMIN_TOKEN, None):
                got = await api.request("GET", DEMAND, token=token, params=params)
                assert got.status_code == 200, (params, got.text)
                body, anonymous = got.json(), token is None
                cells, counted = expected(rows, params, anonymous=anonymous)
                totals = {name: counted.get(name, 0) for name in FIGURES}
                assert body["anonymous"] is anonymous
                assert answered(body) == cells, (params, anonymous)
                assert body["totals"] == totals, (params, anonymous)
                assert totals == await sql_totals(connection, fairs, params, anonymous=anonymous), (
                    params,
                    anonymous,
                )
                assert [p["fair_id"] for p in body["trend"]] == sorted(
                    fairs, key=dict(rows.fairs).__getitem__
                )
                for name in ("openings", "seekers", "applications", "intentions"):
                    assert sum(p[name] for p in body["trend"]) == totals[name], (params, name)
                assert sum(d["openings"] for d in body["districts"]) == totals["openings"]
        # Salary medians by occupation × level over the whole period, from SQL rows.
        offers: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        found = await connection.execute(
            text(
                f"SELECT {PAIR.format(t='p')}, p.salary_min + p.salary_max, p.headcount "
                f"FROM postings p WHERE p.fair_id IN ({','.join(map(str, fairs_of(rows)))})"
            )
        )
        for pair, doubled, headcount in found:
            code, level = pair.split("|")
            offers[(code, level)].append((int(doubled), int(headcount)))
    body = (await api.request("GET", DEMAND, token=ADMIN_TOKEN, params=WHOLE)).json()
    medians = {
        (line["occupation_code"], line["level"]): line["salary"]["median"]
        for line in body["occupations"]
        if line["salary"]
    }
    assert medians == {pair: _median(found) for pair, found in offers.items()}
    assert len(medians) > 50


async def test_firm_grades_count_under_their_ladder_level(api: Api, rows: Rows) -> None:
    async with api.runtime.sessions() as session:
        graded = (
            await session.execute(
                text(
                    "SELECT p.occupation_code, p.skill_level, p.headcount, p.firm_grade, "
                    "m.skill_level, m.source FROM postings p JOIN grade_mappings m "
                    "ON m.enterprise_id = p.enterprise_id AND m.grade_name = p.firm_grade"
                )
            )
        ).all()
        unmapped = await session.scalar(
            text(
                "SELECT COUNT(*) FROM postings p WHERE p.firm_grade <> '' AND NOT EXISTS ("
                "SELECT 1 FROM grade_mappings m WHERE m.enterprise_id = p.enterprise_id "
                "AND m.grade_name = p.firm_grade)"
            )
        )
    assert unmapped == 0 and len(graded) > 100
    names = {grade for *_, grade, _, _ in graded}
    assert {"T3", "技术员A级", "高级技工"} & names and not names & {s.value for s in SkillLevel}
    # A grade with a level puts its postings on that level; one without keeps theirs.
    assert all(level == mapped for _, level, _, _, mapped, _ in graded if mapped is not None)
    assert {source for *_, source in graded} == {"firm", "guess"}
    # Firms' differently named grades meet on one ladder rung in the map.
    rungs: dict[str, set[str]] = defaultdict(set)
    for _, _, _, grade, mapped, _ in graded:
        if mapped:
            rungs[mapped].add(grade)
    assert max(len(grades) for grades in rungs.values()) >= 3
    body = (await api.request("GET", DEMAND, token=ADMIN_TOKEN, params=WHOLE)).json()
    ladder = {level.value for level in SkillLevel} | {"-"}
    assert {line["level"] for line in body["occupations"]} <= ladder
    by_level = Counter[tuple[str, str]]()
    for code, level, headcount, *_ in graded:
        by_level[(code, level)] += headcount
    lines = {(line["occupation_code"], line["level"]): line for line in body["occupations"]}
    for pair, openings in by_level.items():
        assert lines[pair]["openings"] >= openings  # every graded opening is on its rung


def _pdf_lines(body: bytes, folder: Path) -> list[str]:
    path = folder / "catalogue.pdf"
    path.write_bytes(body)
    found = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return found.stdout.splitlines()


async def test_catalogue_api_xlsx_pdf_and_pages_hold_the_same_rows(
    api: Api, rows: Rows, tmp_path: Path
) -> None:
    served = await api.request("GET", SHORTAGES, params=WHOLE)
    shortages = served.json()["rows"]
    assert len(shortages) >= 10
    # Graded against the period's market, the catalogue tells rows apart (all 紧缺 would not).
    assert len({r["grade"] for r in shortages}) >= 2
    # The rows by the documented rule, from per-fair seeker counts and openings of the tables.
    fairs = set(_in_scope(rows, WHOLE))
    per_fair = Counter(
        (fair, code, level.value if level else "-")
        for fair, code, level in rows.resumes
        if fair in fairs
    )
    lines: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"openings": 0, "seekers": 0}
    )
    for (_, code, level), n in per_fair.items():
        lines[(code, level)]["seekers"] += n if n >= MIN_SEEKERS else 0
    for _, fair, _, code, level, headcount, *_ in rows.postings:
        if fair in fairs:
            lines[(code, level.value if level else "-")]["openings"] += headcount
    assert [rule_cells(r) for r in shortages] == expected_rows(dict(lines))
    # The anonymous demand map of the same period carries the same lines.
    demand = (await api.request("GET", DEMAND, params=WHOLE)).json()
    public_lines = {(x["occupation_code"], x["level"]): x for x in demand["occupations"]}
    for row in shortages:
        line = public_lines[(row["occupation_code"], row["level"])]
        assert (line["openings"], line["seekers"], line["salary"]) == (
            row["openings"],
            row["seekers"],
            row["salary"],
        )
    # XLSX: the same rows, cell by cell.
    sheet = sheet_rows((await api.request("GET", SHORTAGES + ".xlsx", params=WHOLE)).content)
    assert [(*r[:7], r[7], r[9]) for r in sheet[1:]] == [
        (*catalogue_cells(r), r["ratio"], r["salary"]["median"]) for r in shortages
    ]
    # The organizer page's and the public page's tables.
    async with browser(api) as client:
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/insights")
        organizer_page = await client.get("/organizer/insights", params=WHOLE)
    public_page = await api.request("GET", "/insights", params=WHOLE)
    organizer_demand = await api.request("GET", DEMAND, token=ADMIN_TOKEN, params=WHOLE)
    assert page_data(organizer_page.text) == chart_view(organizer_demand.json())
    assert page_data(public_page.text) == chart_view(demand)
    for page in (organizer_page, public_page):
        assert page.status_code == 200
        assert [tuple(r[:7]) for r in table_rows(page.text, "shortage-table")] == [
            (
                str(r["rank"]),
                r["occupation_code"],
                r["occupation_name"],
                r["level_label"],
                r["grade_label"],
                str(r["openings"]),
                str(r["seekers"]),
            )
            for r in shortages
        ]
    # The PDF's text: each row on a line of its own, in order, with its figures.
    if find_cjk_font() is None or shutil.which("pdftotext") is None:
        pytest.skip("needs a CJK font and poppler-utils (pdftotext)")
    pdf = await api.request("GET", SHORTAGES + ".pdf", params=WHOLE)
    assert pdf.status_code == 200
    printed = [
        line.split()
        for line in await asyncio.to_thread(_pdf_lines, pdf.content, tmp_path)
        if line.split() and line.split()[0].isdigit() and len(line.split()) > 6
    ]
    assert [(words[0], words[1]) for words in printed] == [
        (str(r["rank"]), r["occupation_code"]) for r in shortages
    ]
    for words, row in zip(printed, shortages, strict=True):
        assert row["grade_label"] in words and f"{row['ratio']:.2f}" in words
        assert str(row["openings"]) in words and str(row["seekers"]) in words


def _seekers_figures(found: Any) -> Iterator[int]:
    """Every "seekers" figure anywhere in an answer."""
    if isinstance(found, dict):
        for key, value in found.items():
            if key == "seekers" and isinstance(value, int):
                yield value
            else:
                yield from _seekers_figures(value)
    elif isinstance(found, list):
        for item in found:
            yield from _seekers_figures(item)


def _k_rule_holds(body: dict[str, Any]) -> bool:
    """No figure of an anonymous answer counts between 1 and MIN_SEEKERS - 1 seekers."""
    return all(n == 0 or n >= MIN_SEEKERS for n in _seekers_figures(body))


async def test_k_rule_holds_in_every_anonymous_answer(api: Api, rows: Rows) -> None:
    fairs, chains, districts = fairs_of(rows), chains_of(rows), districts_of(rows)
    periods = [
        WHOLE,
        {"from": "2024-01-01", "to": "2024-12-31"},
        {"from": "2025-01-01", "to": "2025-12-31"},
    ]
    combos: list[dict[str, Any]] = [
        *(period | {"fair_id": fair} for period in periods[:1] for fair in fairs),
        *(WHOLE | {"chain": slug} for slug in chains),
        *(WHOLE | {"district": name} for name in districts),
        *(
            period | {"chain": slug, "district": name}
            for period in periods[:2]
            for slug in chains[:2]
            for name in districts[:2]
        ),
        *periods,
    ]
    small = 0
    for params in combos:
        public = (await api.request("GET", DEMAND, params=params)).json()
        assert public["anonymous"] is True and _k_rule_holds(public), params
        assert all(cell["seekers"] >= MIN_SEEKERS for cell in public["cells"]), params
        organizer = (await api.request("GET", DEMAND, token=ADMIN_TOKEN, params=params)).json()
        small += sum(1 for cell in organizer["cells"] if 0 < cell["seekers"] < MIN_SEEKERS)
        # What the public sees of each shown cell is exactly the organizer's cell, seekers
        # counted per fair (never a remainder of withheld groups).
        full = answered(organizer)
        for key, cell in answered(public).items():
            assert {k: v for k, v in cell.items() if k != "seekers"} == {
                k: v for k, v in full[key].items() if k != "seekers"
            }, (params, key)
            assert MIN_SEEKERS <= cell["seekers"] <= full[key]["seekers"]
    assert small > 50, "the organizer sees the small cells the public does not"
    for period in periods:
        catalogue = (await api.request("GET", SHORTAGES, params=period)).json()
        assert _k_rule_holds(catalogue) and all(
            r["seekers"] >= MIN_SEEKERS for r in catalogue["rows"]
        )
    for params in [WHOLE, *combos[len(fairs) : len(fairs) + 4], combos[-4]]:
        page = await api.request("GET", "/insights", params=params)
        assert page.status_code == 200
        data = page_data(page.text)
        assert data == chart_view((await api.request("GET", DEMAND, params=params)).json())
        assert _k_rule_holds(data)
        assert all(int(row[5]) >= MIN_SEEKERS for row in table_rows(page.text, "occupation-table"))


async def test_trend_covers_every_demo_fair(api: Api, rows: Rows) -> None:
    fairs = fairs_of(rows)
    starts = dict(rows.fairs)
    assert len(fairs) >= 6
    assert starts[fairs[-1]] - starts[fairs[0]] >= timedelta(days=18 * 30)
    openings = Counter[int]()
    for _, fair, *_, headcount, _, _, _ in rows.postings:
        openings[fair] += headcount
    seekers = Counter(fair for fair, _, _ in rows.resumes)
    for params in (WHOLE, {}):  # the default period reaches back over the demo's fairs too
        body = (await api.request("GET", DEMAND, token=ADMIN_TOKEN, params=params)).json()
        trend = body["trend"]
        assert [p["fair_id"] for p in trend] == fairs, params
        assert [p["openings"] for p in trend] == [openings[f] for f in fairs]
        assert [p["seekers"] for p in trend] == [seekers[f] for f in fairs]
        assert all(p["postings"] and p["applications"] for p in trend)
    async with browser(api) as client:
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/insights")
        page = await client.get("/organizer/insights")
    assert [p["fair_id"] for p in page_data(page.text)["trend"]] == fairs
