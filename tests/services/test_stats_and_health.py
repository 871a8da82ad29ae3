"""Fair statistics for organizers, probes, and the one error shape."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from services.app import create_app
from services.config import Settings
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


async def test_stats_count_what_happened(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id, headcount=4)
    seeker = await make_resume(api, fair_id=fair_id)
    await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    await api.request(
        "POST",
        "/api/intentions",
        token=firm["token"],
        json={"posting_id": posting["id"], "resume_id": seeker["id"]},
    )
    for page in ("scan", "jobs", "job"):
        hit = await api.request(
            "POST", f"/api/fairs/{fair_id}/hits", json={"page": page, "source": "booth-A01"}
        )
        assert hit.status_code == 204
    bad_hit = await api.request("POST", f"/api/fairs/{fair_id}/hits", json={"page": "<script>"})
    assert bad_hit.status_code == 422
    stats = await api.request("GET", f"/api/fairs/{fair_id}/stats", token=ADMIN_TOKEN)
    assert stats.status_code == 200
    body = stats.json()
    expected = {"scans": 1, "visits": 2, "resumes": 1, "applications": 1, "intentions": 1}
    assert {k: body[k] for k in expected} == expected
    assert body["downloads"] == 0
    assert body["openings"] == 4
    assert body["enterprises"] == 1
    for token in (firm["token"], seeker["token"], None):
        denied = await api.request("GET", f"/api/fairs/{fair_id}/stats", token=token)
        assert denied.status_code in (401, 403)
    missing = await api.request("GET", "/api/fairs/999/stats", token=ADMIN_TOKEN)
    assert missing.status_code == 404


async def test_health_and_readiness(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (await api.request("GET", "/healthz")).json() == {"status": "ok"}
    ready = await api.request("GET", "/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "search": True, "queue": True}

    async def down() -> bool:
        raise ConnectionError("search is down")

    monkeypatch.setattr(api.runtime.search, "health", down)
    not_ready = await api.request("GET", "/readyz")
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"]["search"] is False


async def test_body_too_large_is_413_and_unknown_routes_share_the_error_shape(api: Api) -> None:
    huge: dict[str, Any] = {"name": "x" * (3 * 1024 * 1024)}
    response = await api.request("POST", "/api/resumes", json=huge)
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"
    missing = await api.request("GET", "/api/nothing-here")
    assert missing.status_code == 404
    assert set(missing.json()) == {"error", "detail"}


async def test_openapi_lists_the_fixed_paths(api: Api) -> None:
    spec = (await api.request("GET", "/openapi.json")).json()
    for path in (
        "/api/fairs",
        "/api/fairs/{fair_id}/enterprises",
        "/api/postings",
        "/api/postings/{posting_id}",
        "/api/resumes",
        "/api/resumes/{resume_id}",
        "/api/applications",
        "/api/postings/{posting_id}/candidates",
        "/api/resumes/{resume_id}/recommendations",
        "/api/intentions",
        "/api/fairs/{fair_id}/stats",
        "/healthz",
        "/readyz",
    ):
        assert path in spec["paths"], path
    assert (await api.request("GET", "/docs")).status_code == 200


async def test_committed_writes_publish_fair_events(api: Api) -> None:
    from services.stats.events import Broadcaster, EventKind

    assert isinstance(api.runtime.events, Broadcaster)
    events = api.runtime.events.subscribe()
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api, fair_id=fair_id)
    body = {"posting_id": posting["id"]}
    await api.request("POST", "/api/applications", token=seeker["token"], json=body)
    await api.request("POST", "/api/applications", token=seeker["token"], json=body)
    await api.request("POST", f"/api/fairs/{fair_id}/hits", json={"page": "scan", "source": "A01"})
    kinds = []
    while not events.empty():
        event = events.get_nowait()
        assert event.fair_id == fair_id
        kinds.append(event.kind)
    assert kinds == [EventKind.resume, EventKind.application, EventKind.scan]


async def test_metrics_and_request_ids(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api, fair_id=fair_id)
    await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    echoed = await api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    fresh = await api.client.get("/healthz", headers={"X-Request-ID": "bad id\n"})
    assert fresh.headers["x-request-id"] != "bad id\n"
    assert len(fresh.headers["x-request-id"]) == 16
    await api.settle()
    text = (await api.request("GET", "/metrics")).text
    assert 'fairmatch_fair_events_total{kind="application"}' in text
    assert 'route="/api/applications"' in text
    assert 'fairmatch_index_lag_rows{index="resumes"} 0.0' in text
    assert "fairmatch_task_queue_depth 0.0" in text


async def test_startup_objects_stay_out_of_full_collections_while_serving(
    settings: Settings,
) -> None:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 100_000  # the model vocabularies, the occupation index
    assert gc.get_freeze_count() == 0  # collectable again once the app has stopped
