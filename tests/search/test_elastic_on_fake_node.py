"""The Elasticsearch backend against a fake 8.15 node that answers as Elasticsearch does:
fusion chosen from GET / and GET /_license (logged once), kNN above 10,000, deep pages, refresh
policy, credentials on the wire, and the es suite's teardown by concrete index names."""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from elasticsearch import BadRequestError

from search.elastic.backend import ElasticsearchBackend, Refresh
from search.elastic.capabilities import choose_fusion
from search.elastic.mappings import alias_name, index_mappings, physical_name
from search.factory import ElasticCredentials, create_backend
from search.types import IndexName, ResultWindowError, SearchFilters
from tests.search.conftest import drop_indices
from tests.search.corpus import CORPUS, DIM, axis
from tests.search.fake_es import FakeElasticsearch

URL = "http://es.test:9200"


def on(fake: FakeElasticsearch, **options: object) -> ElasticsearchBackend:
    return ElasticsearchBackend(
        URL,
        dim=DIM,
        node_class=fake.node_class(),
        max_retries=0,
        **options,  # type: ignore[arg-type]
    )


async def loaded(fake: FakeElasticsearch, **options: object) -> ElasticsearchBackend:
    backend = on(fake, **options)
    await backend.ensure_indices()
    await backend.upsert(IndexName.resumes, CORPUS)
    return backend


def fusion_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "hybrid search uses" in r.getMessage()]


# ---- point 3: server-side rrf only where the licence and version allow it -----------------


@pytest.mark.parametrize(
    ("version", "licence", "server_side"),
    [
        ("8.15.3", "basic", False),
        ("8.15.3", "platinum", False),
        ("8.15.3", "enterprise", True),
        ("8.15.0", "trial", True),
        ("8.14.3", "enterprise", False),  # rank_window_size arrived in 8.15
        ("8.19.3", "enterprise", True),
    ],
)
async def test_fusion_follows_licence_and_version_and_is_logged_once(
    version: str, licence: str, server_side: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="fairmatch.search")
    fake = FakeElasticsearch(version=version, license_type=licence)
    backend = await loaded(fake)
    await backend.ensure_indices()  # a second start-up check asks nothing again
    for _ in range(3):
        result = await backend.search_hybrid(
            IndexName.resumes, "焊工", axis(1), SearchFilters(), k=3
        )
        assert len(result.hits) == 3
    await backend.close()
    assert [r.path for r in fake.requests].count("/_license") == 1
    lines = fusion_lines(caplog)
    assert len(lines) == 1
    assert f"elasticsearch {version}, licence {licence}" in lines[0]
    assert ("server-side rrf retriever" in lines[0]) == server_side
    retrievers = [body for body in fake.searches() if "retriever" in body]
    assert len(retrievers) == (3 if server_side else 0)
    assert fake.refused == []


async def test_a_licence_that_lapses_after_start_up_falls_back_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeElasticsearch(license_type="trial")
    backend = await loaded(fake)
    fake.license_type = "basic"  # the 30-day trial ended while the fair was running
    caplog.set_level(logging.WARNING, logger="fairmatch.search")
    result = await backend.search_hybrid(IndexName.resumes, "焊工", axis(1), SearchFilters(), k=3)
    assert len(result.hits) == 3
    assert any("rrf retriever was refused" in r.getMessage() for r in caplog.records)
    before = len(fake.searches())
    await backend.search_hybrid(IndexName.resumes, "焊工", axis(1), SearchFilters(), k=3)
    assert all("retriever" not in body for body in fake.searches()[before:])
    await backend.close()


async def test_an_unreadable_licence_means_client_side_fusion(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A user without the monitor privilege gets 403 from GET /_license."""
    fake = FakeElasticsearch(license_type="enterprise")
    original = fake.handle

    def no_monitor(method: str, target: str, raw: bytes | None, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        if target.startswith("/_license"):
            return 403, {"error": {"type": "security_exception", "reason": "no"}, "status": 403}
        return original(method, target, raw, headers)

    fake.handle = no_monitor  # type: ignore[method-assign]
    caplog.set_level(logging.INFO, logger="fairmatch.search")
    backend = await loaded(fake)
    assert backend.capabilities is not None and backend.capabilities.server_rrf is False
    assert "licence unknown" in fusion_lines(caplog)[0]
    await backend.close()


def test_choose_fusion_needs_an_active_licence_on_elasticsearch() -> None:
    assert choose_fusion(
        distribution="elasticsearch", version="8.16.0", licence="enterprise", status="active"
    )
    assert not choose_fusion(
        distribution="elasticsearch", version="8.16.0", licence="enterprise", status="expired"
    )
    assert not choose_fusion(
        distribution="opensearch", version="8.16.0", licence="enterprise", status="active"
    )


# ---- point 2: kNN above 10,000 ------------------------------------------------------------


async def test_similarities_for_more_than_10000_ids_are_searched_in_chunks() -> None:
    fake = FakeElasticsearch()
    backend = on(fake, rrf_retriever=False)
    await backend.ensure_indices()
    physical = physical_name(IndexName.resumes)
    fake.docs[physical] = {str(i): {"id": i} for i in range(1, 12_346)}
    wanted = frozenset(range(1, 12_346))
    result = await backend.search_vector(
        IndexName.resumes, axis(0), SearchFilters(ids=wanted), k=len(wanted)
    )
    assert {hit.id for hit in result.hits} == wanted
    knn = [body["knn"] for body in fake.searches()]
    assert [clause["k"] for clause in knn] == [10_000, 2_345]
    assert fake.refused == []
    with pytest.raises(ValueError, match="pass the ids"):
        await backend.search_vector(IndexName.resumes, axis(0), SearchFilters(), k=10_001)
    await backend.close()


# ---- point 1: deep pages ------------------------------------------------------------------


async def test_a_page_beyond_the_result_window_is_refused_before_it_is_sent() -> None:
    fake = FakeElasticsearch()
    backend = await loaded(fake, rrf_retriever=False)
    sent = len(fake.requests)
    with pytest.raises(ResultWindowError):
        await backend.search_text(
            IndexName.resumes, "焊工", SearchFilters(), limit=100, offset=9_901
        )
    assert len(fake.requests) == sent
    last = await backend.search_text(
        IndexName.resumes, "焊工", SearchFilters(), limit=100, offset=9_900
    )
    assert last.hits == [] and fake.refused == []
    await backend.close()


# ---- point 6: refresh policy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "on_upsert", "on_delete"),
    [
        ("false", "false", "wait_for"),
        ("wait_for", "wait_for", "wait_for"),
        ("true", "true", "true"),
    ],
)
async def test_bulk_refresh_follows_the_setting_and_deletions_wait(
    policy: Refresh, on_upsert: str, on_delete: str
) -> None:
    fake = FakeElasticsearch()
    backend = await loaded(fake, refresh=policy, rrf_retriever=False)
    await backend.delete(IndexName.resumes, [1])
    bulks = [r.params.get("refresh") for r in fake.requests if r.path == "/_bulk"]
    assert bulks == [on_upsert, on_delete]
    await backend.close()


async def test_a_document_the_strict_mapping_refuses_is_a_clear_error() -> None:
    fake = FakeElasticsearch()
    backend = await loaded(fake, rrf_retriever=False)
    with pytest.raises(ValueError, match="refused 1 documents"):
        await backend.upsert(IndexName.resumes, [replace(CORPUS[0], salary_min=2**40)])
    kept = await backend.get(IndexName.resumes, 1)
    assert kept is not None and kept.salary_min == CORPUS[0].salary_min
    await backend.close()


# ---- point 5: credentials -----------------------------------------------------------------

PASSWORD = "p/a#s%41s:w"  # / and # break a URL; %41 would be decoded to "A" inside one


async def test_basic_auth_reaches_the_node_unchanged() -> None:
    fake = FakeElasticsearch()
    credentials = ElasticCredentials(username="elastic", password=PASSWORD)
    backend = on(fake, basic_auth=credentials.basic_auth)
    await backend.health()
    expected = base64.b64encode(f"elastic:{PASSWORD}".encode()).decode()
    assert fake.requests[-1].headers["authorization"] == f"Basic {expected}"
    await backend.close()


async def test_an_api_key_is_sent_as_such() -> None:
    fake = FakeElasticsearch()
    backend = on(fake, api_key="a2V5OnNlY3JldA==")
    await backend.health()
    assert fake.requests[-1].headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="
    await backend.close()


def test_credentials_are_refused_inside_the_url_and_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="FAIRMATCH_ES_USERNAME"):
        create_backend(
            kind="elasticsearch", data_dir=tmp_path, es_url="http://elastic:pw@es:9200", dim=4
        )
    with pytest.raises(ValueError, match="not both"):
        ElasticCredentials(username="elastic", password="x", api_key="k")
    with pytest.raises(ValueError, match="needs its password"):
        ElasticCredentials(username="elastic")


# ---- point 4: teardown by concrete names --------------------------------------------------


async def test_teardown_deletes_concrete_names_where_wildcards_are_refused() -> None:
    fake = FakeElasticsearch()
    backend = await loaded(fake, prefix="fmtest-1234", rrf_retriever=False)
    with pytest.raises(BadRequestError, match="Wildcard expressions"):
        await backend._es.indices.delete(index="fmtest-1234-*")
    await drop_indices(backend)
    assert fake.indices == {} and fake.aliases == {}
    await drop_indices(backend)  # nothing left: still fine
    await backend.close()


async def test_an_alias_left_on_an_older_mapping_version_is_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeElasticsearch()
    old = physical_name(IndexName.postings, version=0)
    fake.indices[old], fake.docs[old] = index_mappings(dim=DIM), {}
    fake.aliases[alias_name(IndexName.postings)] = old
    caplog.set_level(logging.WARNING, logger="fairmatch.search")
    backend = on(fake, rrf_retriever=False)
    await backend.ensure_indices()
    warnings = [r.getMessage() for r in caplog.records]
    assert (
        len(warnings) == 1
        and old in warnings[0]
        and physical_name(IndexName.postings) in warnings[0]
    )
    assert fake.aliases[alias_name(IndexName.postings)] == old  # nothing moved or deleted
    assert physical_name(IndexName.resumes) in fake.indices
    await backend.close()
