"""A posting stores the occupation distribution ranking reads (postings.occupation_probs): set
where its code is written, equal to the live classification of its title, refreshed by
`fairmatch occupations reclassify`."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, insert, inspect, select, update
from typer.testing import CliRunner

from matcher.occupation_match import POSTING_CODES, posting_codes
from matcher.occupation_model import OccupationModel
from matcher.ranking import rank_candidates, rank_postings
from search.types import IndexName
from services.cli import app as cli
from services.config import Settings, get_settings
from services.matching.documents import (
    POSTING_MATCH_COLUMNS,
    RESUME_MATCH_COLUMNS,
    posting_profile,
    resume_profile,
)
from services.matching.reclassify import reclassify
from services.models import Enterprise, Fair, Posting, Resume
from tests.services.conftest import Api, migrated
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

TITLE = "数控车工"
_NOW = datetime(2025, 3, 1, tzinfo=UTC)
FAIR_ROW = {
    "name": "春季招聘会",
    "venue": "武进",
    "starts_at": _NOW,
    "ends_at": _NOW.replace(hour=4),
}
FIRM_ROW = {
    "name": "甲厂",
    "industry": "装备制造",
    "district": "武进区",
    "contact_name": "",
    "contact_phone": "",
    "username": "jia",
    "token_hash": "jia",
}
POSTING_ROW = {"title": TITLE, "occupation_code": "6-18-01-01", "salary_min": 1, "salary_max": 2}


def title_codes(title: str) -> list[tuple[str, float]]:
    return OccupationModel.load().probabilities(title)[:POSTING_CODES]


def _as_stored(found: tuple[tuple[str, float], ...]) -> list[list[str | float]]:
    return [[code, p] for code, p in found]


async def _posting_row(api: Api, posting_id: int) -> Any:
    async with api.runtime.sessions() as session:
        query = select(*POSTING_MATCH_COLUMNS).where(Posting.id == posting_id)
        return (await session.execute(query)).one()


async def _three_postings(api: Api) -> tuple[str, dict[str, int]]:
    """A classified posting, one with a hand-set code the title supports, one with a code the
    title does not support; returns the firm's token and their ids."""
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    found = title_codes(TITLE)
    supported = found[1][0]
    unsupported = title_codes("中餐厨师")[0][0]
    assert supported != found[0][0] and all(c != unsupported for c, _ in found)
    ids = {}
    for name, code in (("classified", None), ("supported", supported), ("odd", unsupported)):
        posting = await make_posting(api, firm["token"], fair_id, occupation_code=code)
        ids[name] = posting["id"]
    return firm["token"], ids


async def test_created_postings_store_what_ranking_reads_for_their_code(api: Api) -> None:
    _, ids = await _three_postings(api)
    found = title_codes(TITLE)
    classified = await _posting_row(api, ids["classified"])
    assert classified.occupation_code == found[0][0]
    assert classified.occupation_probs == _as_stored(tuple(found))
    assert 1 <= len(classified.occupation_probs) <= POSTING_CODES
    supported = await _posting_row(api, ids["supported"])
    assert supported.occupation_code == found[1][0]
    assert supported.occupation_probs == _as_stored(tuple(found)), "the title's codes, unchanged"
    odd = await _posting_row(api, ids["odd"])
    assert odd.occupation_probs == [[odd.occupation_code, 1.0]], "a code set by hand is certain"


async def test_an_edit_restores_the_distribution_of_the_new_title_or_code(api: Api) -> None:
    token, ids = await _three_postings(api)
    url = f"/api/postings/{ids['classified']}"
    before = await _posting_row(api, ids["classified"])
    closed = await api.request("PATCH", url, token=token, json={"status": "closed"})
    assert closed.status_code == 200, closed.text
    assert (await _posting_row(api, ids["classified"])).occupation_probs == before.occupation_probs
    renamed = await api.request("PATCH", url, token=token, json={"title": "电焊工"})
    assert renamed.status_code == 200, renamed.text
    row = await _posting_row(api, ids["classified"])
    welder = title_codes("电焊工")
    assert (row.occupation_code, row.occupation_probs) == (welder[0][0], _as_stored(tuple(welder)))
    odd = (await _posting_row(api, ids["odd"])).occupation_code
    recoded = await api.request("PATCH", url, token=token, json={"occupation_code": odd})
    assert recoded.status_code == 200, recoded.text
    assert (await _posting_row(api, ids["classified"])).occupation_probs == [[odd, 1.0]]
    cleared = await api.request("PATCH", url, token=token, json={"occupation_code": None})
    assert cleared.status_code == 200, cleared.text
    row = await _posting_row(api, ids["classified"])
    assert (row.occupation_code, row.occupation_probs) == (None, _as_stored(tuple(welder)))


async def _ranked(api: Api, posting_id: int) -> list[tuple[int, float, dict[str, object]]]:
    row = await _posting_row(api, posting_id)
    async with api.runtime.sessions() as session:
        resumes = [resume_profile(r) for r in await session.execute(select(*RESUME_MATCH_COLUMNS))]
    stored = posting_profile(row)
    assert stored.occupation_probs, "the posting carries its distribution"
    pool = [(resume, 0.2 + 0.1 * i) for i, resume in enumerate(resumes)]
    results = []
    for posting in (stored, dataclasses.replace(stored, occupation_probs=())):
        ranked = rank_candidates(posting=posting, candidates=pool, limit=50)
        results.append([(m.id, m.score, m.explanation.to_dict()) for m in ranked])
    assert results[0] == results[1], "stored and live distributions rank alike"
    return results[0]


async def _seekers(api: Api) -> list[dict[str, Any]]:
    made = [await make_resume(api)]
    for title, major in (("车床操作工", "机械加工"), ("中餐厨师", "烹饪"), ("电焊工", "焊接")):
        made.append(await make_resume(api, desired_title=title, major=major))
    return made


async def test_ranking_with_the_stored_distribution_equals_ranking_with_the_live_one(
    api: Api,
) -> None:
    token, ids = await _three_postings(api)
    seekers = await _seekers(api)
    await api.settle()
    for posting_id in ids.values():
        assert len(await _ranked(api, posting_id)) == len(seekers)
    urls = [f"/api/postings/{i}/candidates" for i in ids.values()]
    mine = f"/api/resumes/{seekers[1]['id']}/recommendations"
    stored = [(await api.request("GET", url, token=token)).json() for url in urls]
    stored.append((await api.request("GET", mine, token=seekers[1]["token"])).json())
    async with api.runtime.sessions() as session:
        await session.execute(update(Posting).values(occupation_probs=[]))  # before 0010
        await session.commit()
    live = [(await api.request("GET", url, token=token)).json() for url in urls]
    live.append((await api.request("GET", mine, token=seekers[1]["token"])).json())
    assert live == stored
    assert all(answer["items"] for answer in stored)


async def test_recommendations_rank_alike_with_stored_and_live_distributions(api: Api) -> None:
    _, ids = await _three_postings(api)
    seeker = (await _seekers(api))[0]
    async with api.runtime.sessions() as session:
        resume = (
            await session.execute(select(*RESUME_MATCH_COLUMNS).where(Resume.id == seeker["id"]))
        ).one()
        rows = (
            await session.execute(
                select(*POSTING_MATCH_COLUMNS).where(Posting.id.in_(ids.values()))
            )
        ).all()
    stored = [(posting_profile(row), 0.5) for row in rows]
    live = [(dataclasses.replace(p, occupation_probs=()), s) for p, s in stored]
    ranked = [
        [(m.id, m.score) for m in rank_postings(resume=resume_profile(resume), postings=pairs)]
        for pairs in (stored, live)
    ]
    assert ranked[0] == ranked[1] and len(ranked[0]) == 3


async def test_reclassify_refreshes_stale_distributions_and_keeps_hand_set_codes(
    api: Api,
) -> None:
    _, ids = await _three_postings(api)
    seeker = await make_resume(api)
    await api.settle()
    fresh = {name: await _posting_row(api, i) for name, i in ids.items()}
    wrong = title_codes("中餐厨师")[0][0]
    stale = [[wrong, 0.6], [fresh["classified"].occupation_code, 0.3]]  # an older model's answer
    async with api.runtime.sessions() as session:
        await session.execute(
            update(Posting)
            .where(Posting.id == ids["classified"])
            .values(occupation_code=wrong, occupation_probs=stale)
        )
        await session.execute(
            update(Posting).where(Posting.id != ids["classified"]).values(occupation_probs=[])
        )
        await session.execute(update(Resume).values(occupation_code=None, occupation_probs=[]))
        await session.commit()
    await api.runtime.queue.enqueue("index.upsert", index="postings", ids=[ids["classified"]])
    await api.settle()
    doc = await api.runtime.search.get(IndexName.postings, ids["classified"])
    assert doc is not None and doc.occupation_code == wrong
    seen: list[tuple[IndexName, int, int]] = []
    done = await reclassify(api.runtime, batch=2, progress=lambda *step: seen.append(step))
    await api.settle()
    assert done["postings"].rows == 3 and done["postings"].changed == 3
    assert done["postings"].recoded == 1 and done["resumes"].recoded == 1
    assert seen[-1] == (IndexName.resumes, 1, 1)
    assert (IndexName.postings, 2, 3) in seen and (IndexName.postings, 3, 3) in seen
    for name, before in fresh.items():
        after = await _posting_row(api, ids[name])
        assert after.occupation_code == before.occupation_code, name
        assert [c for c, _ in after.occupation_probs] == [c for c, _ in before.occupation_probs]
        assert [p for _, p in after.occupation_probs] == pytest.approx(
            [p for _, p in before.occupation_probs], abs=1e-6
        ), "a batch of titles, not one: the same answer to within float rounding"
    doc = await api.runtime.search.get(IndexName.postings, ids["classified"])
    assert doc is not None and doc.occupation_code == fresh["classified"].occupation_code
    async with api.runtime.sessions() as session:
        resume = await session.get(Resume, seeker["id"])
    assert resume is not None and resume.occupation_code and resume.occupation_probs
    again = await reclassify(api.runtime, batch=2)
    assert (again["postings"].changed, again["resumes"].changed) == (0, 0)


def test_a_firm_code_the_titles_codes_do_not_hold_is_stored_as_certain() -> None:
    assert posting_codes([("a", 0.6), ("b", 0.3)], "b") == (("a", 0.6), ("b", 0.3))
    assert posting_codes([("a", 0.6)], "c") == (("c", 1.0),)
    assert posting_codes([], None) == ()


def insert_postings(connection: Connection, *rows: dict[str, Any]) -> None:
    """Insert a fair, a firm, and for each of `rows` POSTING_ROW updated by it, of that firm."""
    fair = connection.execute(insert(Fair).values(FAIR_ROW).returning(Fair.id)).scalar()
    firm = connection.execute(insert(Enterprise).values(FIRM_ROW).returning(Enterprise.id)).scalar()
    for row in rows:
        connection.execute(
            insert(Posting).values(POSTING_ROW | row | {"fair_id": fair, "enterprise_id": firm})
        )


def test_migration_0010_adds_an_empty_distribution_and_goes_back(empty_database: str) -> None:
    with migrated(empty_database) as (connection, config):
        insert_postings(connection, {})
        command.downgrade(config, "0009")
        columns = {c["name"] for c in inspect(connection).get_columns("postings")}
        assert "occupation_probs" not in columns and "occupation_code" in columns
        command.upgrade(config, "head")
        stored = connection.execute(select(Posting.occupation_code, Posting.occupation_probs)).one()
    assert tuple(stored) == ("6-18-01-01", []), "rows from before 0010 rank by their title"


# (code, stored distribution) of rows from before 0011, and the source the migration gives them
_EXISTING: tuple[tuple[str | None, list[list[str | float]], str], ...] = (
    (None, [], "model"),
    ("6-18-01-01", [["6-18-01-01", 0.7], ["6-18-01-00", 0.2]], "model"),  # the title's top
    ("6-18-01-00", [["6-18-01-01", 0.7], ["6-18-01-00", 0.2]], "firm"),  # picked among them
    ("6-18-01-01", [["6-18-01-01", 1.0]], "firm"),  # set by hand, the title disagrees
    ("6-18-01-01", [], "firm"),  # stored before the distribution was: reclassify kept it
)


def test_migration_0011_tells_existing_firm_codes_from_the_models(empty_database: str) -> None:
    with migrated(empty_database) as (connection, config):
        insert_postings(
            connection,
            *({"occupation_code": code, "occupation_probs": probs} for code, probs, _ in _EXISTING),
        )
        command.downgrade(config, "0010")
        columns = {c["name"] for c in inspect(connection).get_columns("postings")}
        assert "occupation_code_source" not in columns and "occupation_probs" in columns
        command.upgrade(config, "head")
        stored = connection.execute(
            select(Posting.occupation_code_source).order_by(Posting.id)
        ).scalars()
        assert [source.value for source in stored] == [s for _, _, s in _EXISTING]


def test_the_reclassify_command_fills_what_an_older_release_left_empty(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(settings.sync_database_url)
    try:
        with engine.begin() as connection:
            insert_postings(connection, {"occupation_code": None})
        monkeypatch.setenv("FAIRMATCH_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("FAIRMATCH_DATA_DIR", str(settings.data_dir))
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(cli, ["occupations", "reclassify", "--batch", "10"])
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output
        assert "岗位 / postings: 1/1" in result.output
        counts = json.loads(result.stdout)
        assert counts["postings"] == {"rows": 1, "changed": 1, "recoded": 1}
        assert counts["resumes"] == {"rows": 0, "changed": 0, "recoded": 0}
        with engine.connect() as connection:
            stored = connection.execute(
                select(Posting.occupation_code, Posting.occupation_probs)
            ).one()
        found = title_codes(TITLE)
        assert stored.occupation_code == found[0][0]
        assert [c for c, _ in stored.occupation_probs] == [c for c, _ in found]
    finally:
        engine.dispose()
