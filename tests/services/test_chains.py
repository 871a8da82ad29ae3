"""Industrial chains: the shipped catalogue, seeding, default membership by industry, and the
organizer's editing API (nobody else may touch it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text

from matcher.csco import occupations_by_code
from services.demo.industries import INDUSTRIES
from services.insights.chains import seed_and_place
from services.insights.chains_catalogue import catalogue, chains_for_industry, industry_matches
from services.migrate import alembic_config, upgrade
from services.models import Chain, EnterpriseChain
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair
from tests.support.pages import browser, csrf_of, organizer_sign_in


def test_the_catalogue_names_real_occupations_and_every_demo_industry() -> None:
    rows = catalogue()
    assert len(rows) >= 10
    assert len({r.slug for r in rows}) == len(rows)
    codes = occupations_by_code()
    for row in rows:
        assert row.name_zh and row.name_en and row.industries and row.source, row.slug
        for prefix in row.occupation_codes:
            assert any(code.startswith(prefix) for code in codes), (row.slug, prefix)
    terms = [(i, r.industries) for i, r in enumerate(rows)]
    for industry in INDUSTRIES:
        assert chains_for_industry(industry.name, terms), industry.name


def test_industry_matching_goes_both_ways_and_ignores_single_characters() -> None:
    assert industry_matches("装备制造", ["智能装备制造"])
    assert industry_matches("新能源(电池/光伏)", ["电池"])
    assert industry_matches("新能源（电池/光伏）", ["新能源(电池/光伏)"])
    assert not industry_matches("纺织服装", ["汽车零部件"])
    assert not industry_matches("电", ["电池"])
    assert not industry_matches("", ["电池"])


def test_upgrading_a_database_with_firms_places_them_by_industry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        for name, industry in (("甲纺织", "纺织服装"), ("乙餐饮", "餐饮")):
            connection.execute(
                text(
                    "INSERT INTO enterprises (name, industry, district, contact_name, "
                    "contact_phone, username, token_hash, created_at) VALUES "
                    "(:n, :i, '', '', '', :n, :n, '2025-01-01 00:00:00')"
                ),
                {"n": name, "i": industry},
            )
    upgrade(url)
    with engine.connect() as connection:
        placed = connection.execute(
            text(
                "SELECT e.name, c.slug FROM enterprise_chains ec "
                "JOIN enterprises e ON e.id = ec.enterprise_id JOIN chains c ON c.id = ec.chain_id"
            )
        ).all()
        assert [tuple(row) for row in placed] == [("甲纺织", "textiles")]
        assert connection.scalar(text("SELECT count(*) FROM chains")) == len(catalogue())
    engine.dispose()


async def _chain_rows(api: Api) -> list[tuple[str, str, list[str]]]:
    async with api.runtime.sessions() as session:
        rows = await session.execute(select(Chain.slug, Chain.name_zh, Chain.industries))
        return sorted((s, n, list(i)) for s, n, i in rows)


async def test_migration_seeds_the_catalogue_once_and_seeding_again_changes_nothing(
    api: Api,
) -> None:
    assert [r[0] for r in await _chain_rows(api)] == sorted(c.slug for c in catalogue())
    chain_id = (await api.request("GET", "/api/chains", token=ADMIN_TOKEN)).json()[0]["id"]
    edited = await api.request(
        "PATCH", f"/api/chains/{chain_id}", token=ADMIN_TOKEN, json={"name_zh": "改过的名字"}
    )
    assert edited.status_code == 200, edited.text
    removed = (await api.request("GET", "/api/chains", token=ADMIN_TOKEN)).json()[1]
    assert (
        await api.request("DELETE", f"/api/chains/{removed['id']}", token=ADMIN_TOKEN)
    ).status_code == 204
    before = await _chain_rows(api)
    assert "改过的名字" in [name for _, name, _ in before]
    async with api.runtime.sessions() as session:
        added, placed = await seed_and_place(session=session)
    assert (added, placed) == (1, 0)  # only the deleted chain comes back; the edit stays
    after = await _chain_rows(api)
    assert "改过的名字" in [name for _, name, _ in after]
    assert len(after) == len(before) + 1
    async with api.runtime.sessions() as session:
        assert await seed_and_place(session=session) == (0, 0)
        assert await session.scalar(select(func.count(Chain.id))) == len(catalogue())


async def test_a_new_firm_joins_its_industrys_chains_and_an_organizer_can_move_it(
    api: Api,
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, industry="新能源(电池/光伏)")
    other = await make_enterprise(api, fair_id, industry="餐饮")
    chains = (await api.request("GET", "/api/chains", token=ADMIN_TOKEN)).json()
    slug_of = {c["id"]: c["slug"] for c in chains}
    expected = sorted(
        c["id"] for c in chains if industry_matches("新能源(电池/光伏)", c["industries"])
    )
    got = await api.request("GET", f"/api/enterprises/{firm['id']}/chains", token=ADMIN_TOKEN)
    assert got.json()["chain_ids"] == expected
    assert {slug_of[i] for i in expected} == {"power-battery", "photovoltaic"}
    none = await api.request("GET", f"/api/enterprises/{other['id']}/chains", token=ADMIN_TOKEN)
    assert none.json()["chain_ids"] == []

    target = next(c["id"] for c in chains if c["slug"] == "textiles")
    moved = await api.request(
        "PUT",
        f"/api/enterprises/{firm['id']}/chains",
        token=ADMIN_TOKEN,
        json={"chain_ids": [target]},
    )
    assert moved.json()["chain_ids"] == [target]
    async with api.runtime.sessions() as session:
        rows = await session.execute(
            select(EnterpriseChain.chain_id).where(EnterpriseChain.enterprise_id == firm["id"])
        )
        assert [r for (r,) in rows] == [target]
        # Seeding again leaves the organizer's placement alone.
        await seed_and_place(session=session)
        rows = await session.execute(
            select(EnterpriseChain.chain_id).where(EnterpriseChain.enterprise_id == firm["id"])
        )
        assert [r for (r,) in rows] == [target]
    listed = {
        c["slug"]: c["enterprises"]
        for c in (await api.request("GET", "/api/chains", token=ADMIN_TOKEN)).json()
    }
    assert listed["textiles"] == 1 and listed["power-battery"] == 0


async def test_create_update_delete_and_bad_input(api: Api) -> None:
    body = {
        "slug": "low-altitude",
        "name_zh": "低空经济",
        "name_en": "Low-altitude economy",
        "industries": ["无人机"],
        "occupation_codes": ["6-23-03"],
    }
    created = await api.request("POST", "/api/chains", token=ADMIN_TOKEN, json=body)
    assert created.status_code == 201, created.text
    again = await api.request("POST", "/api/chains", token=ADMIN_TOKEN, json=body)
    assert again.status_code == 409
    bad = await api.request(
        "POST",
        "/api/chains",
        token=ADMIN_TOKEN,
        json=body | {"slug": "x2", "occupation_codes": ["9-99-99"]},
    )
    assert bad.status_code == 422
    chain_id = created.json()["id"]
    patched = await api.request(
        "PATCH", f"/api/chains/{chain_id}", token=ADMIN_TOKEN, json={"industries": ["航空"]}
    )
    assert patched.json()["industries"] == ["航空"]
    assert (
        await api.request("DELETE", f"/api/chains/{chain_id}", token=ADMIN_TOKEN)
    ).status_code == 204
    missing = await api.request("PATCH", f"/api/chains/{chain_id}", token=ADMIN_TOKEN, json={})
    assert missing.status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "enterprise"])
async def test_only_organizers_read_or_edit_chains(api: Api, who: str) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    token = None if who == "anonymous" else firm["token"]
    expected = 401 if who == "anonymous" else 403
    calls: list[tuple[str, str, dict[str, object] | None]] = [
        ("GET", "/api/chains", None),
        ("POST", "/api/chains", {"slug": "abc", "name_zh": "甲", "name_en": "A"}),
        ("POST", "/api/chains/seed", None),
        ("PATCH", "/api/chains/1", {"name_zh": "乙"}),
        ("DELETE", "/api/chains/1", None),
        ("GET", f"/api/enterprises/{firm['id']}/chains", None),
        ("PUT", f"/api/enterprises/{firm['id']}/chains", {"chain_ids": []}),
    ]
    for method, url, body in calls:
        response = await api.request(method, url, token=token, json=body)
        assert response.status_code == expected, (method, url, response.text)
    async with api.runtime.sessions() as session:
        assert await session.scalar(select(func.count(Chain.id))) == len(catalogue())


async def test_the_console_page_edits_chains_and_a_firms_chains(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, industry="纺织服装")
    async with browser(api) as client:
        bounced = await client.get("/organizer/chains")
        assert bounced.status_code == 303 and "login" in bounced.headers["location"]
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/chains")
        page = await client.get("/organizer/chains")
        assert page.status_code == 200
        assert "新能源汽车及汽车核心零部件" in page.text and "常州恒力精密机械有限公司" in page.text
        csrf = csrf_of(page.text)
        created = await client.post(
            "/organizer/chains",
            data={
                "csrf": csrf,
                "slug": "low-altitude",
                "name_zh": "低空经济",
                "name_en": "Low-altitude economy",
                "industries": "无人机；通用航空",
                "occupation_codes": "6-23-03, 2-02-08",
            },
        )
        assert created.status_code == 303, created.text
        refused = await client.post(
            "/organizer/chains",
            data={"csrf": csrf, "slug": "Bad Slug", "name_zh": "甲", "name_en": "A"},
        )
        assert refused.status_code == 422 and 'id="chains-error"' in refused.text
        async with api.runtime.sessions() as session:
            chain = await session.scalar(select(Chain).where(Chain.slug == "low-altitude"))
            assert chain is not None
            assert (chain.industries, chain.occupation_codes) == (
                ["无人机", "通用航空"],
                ["6-23-03", "2-02-08"],
            )
        moved = await client.post(
            f"/organizer/chains/firms/{firm['id']}", data={"csrf": csrf, "chain": [str(chain.id)]}
        )
        assert moved.status_code == 303
        renamed = await client.post(
            f"/organizer/chains/{chain.id}",
            data={"csrf": csrf, "name_zh": "低空经济产业链", "name_en": "Low-altitude economy"},
        )
        assert renamed.status_code == 303
        page = await client.get("/organizer/chains")
        assert "低空经济产业链" in page.text
        english = await client.get("/organizer/chains", params={"lang": "en"})
        assert "Key industrial chains" in english.text and "Low-altitude economy" in english.text
        grades = await client.get("/organizer/grades", params={"lang": "en"})
        assert "Firms' grade mapping" in grades.text or "Firms&#39; grade mapping" in grades.text
    got = await api.request("GET", f"/api/enterprises/{firm['id']}/chains", token=ADMIN_TOKEN)
    assert got.json()["chain_ids"] == [chain.id]
