"""Search settings and limits seen from the API: deep search pages, Elasticsearch credentials."""

from __future__ import annotations

import base64

from search.elastic import ElasticsearchBackend
from search.types import MAX_RESULT_WINDOW
from services.config import Settings
from services.runtime import create_search_backend
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting


async def test_search_pages_stop_at_the_result_window_with_a_clear_422(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    await make_posting(api, firm["token"], fair_id, title="二保焊焊工")
    await api.settle()
    query = {"fair_id": fair_id, "q": "焊工", "page_size": 100}
    last = await api.request("GET", "/api/postings", params=query | {"page": 100})
    assert last.status_code == 200
    assert last.json()["items"] == [] and last.json()["total"] == 1
    deep = await api.request("GET", "/api/postings", params=query | {"page": 101})
    assert deep.status_code == 422
    assert deep.json()["error"] == "InvalidInput"
    assert str(MAX_RESULT_WINDOW) in deep.json()["detail"]
    listing = await api.request("GET", "/api/postings", params={"fair_id": fair_id, "page": 1000})
    assert listing.status_code == 200  # lists without a search read the database: no window


async def test_credentials_are_given_to_the_client_apart_from_the_url() -> None:
    password = "p/a#s%41s"
    settings = Settings(
        search_backend="elasticsearch",
        es_url="http://elasticsearch:9200",
        es_username="elastic",
        es_password=password,
        es_refresh="wait_for",
    )
    backend = create_search_backend(settings, dim=4)
    assert isinstance(backend, ElasticsearchBackend)
    expected = base64.b64encode(f"elastic:{password}".encode()).decode()
    assert backend._es._headers["authorization"] == f"Basic {expected}"
    assert backend.refresh == "wait_for"
    await backend.close()
    keyed = create_search_backend(
        Settings(search_backend="elasticsearch", es_url="http://es:9200", es_api_key="a2V5"),
        dim=4,
    )
    assert isinstance(keyed, ElasticsearchBackend)
    assert keyed._es._headers["authorization"] == "ApiKey a2V5"
    await keyed.close()
