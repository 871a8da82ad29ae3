"""schemathesis against the page forms' POST routes (seeker pages, portal, dashboard sign-in).

Page routes stay out of the public OpenAPI document, so this module describes them itself: every
POST route that is not /api takes a urlencoded form whose fields are the union of the names the
forms use, each any string. The CSRF token and cookie match, and a seeker and a portal session
are signed in, so the generated values reach the handlers (no input may answer 5xx).
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from services.postings.portal import FIELDS as POSTING_FIELDS
from services.resumes.pages import FORM_FIELDS as RESUME_FIELDS
from tests.security.world import app_routes
from tests.services.conftest import ADMIN_TOKEN
from tests.services.factories import FAIR, resume_body
from tests.support.fuzz_app import fuzz_app

CSRF = "c" * 43
PASSWORD = "Fuzz-portal-secret-2025"
FORM_FIELDS = sorted(
    {*RESUME_FIELDS, *POSTING_FIELDS, "status", "stage", "note", "back", "resume_id"}
    | {"posting_id", "fair_id", "job", "fair", "username", "password", "next", "action", "file"}
)
APP = fuzz_app("fairmatch-form-fuzz-")


def _sign_in() -> dict[str, str]:
    """A fair, a firm with a posting and an applicant; the seeker and portal cookies."""
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with TestClient(APP) as client:
        fair = client.post("/api/fairs", json=FAIR, headers=admin).json()["id"]
        firm = client.post(
            f"/api/fairs/{fair}/enterprises",
            json={"name": "常州恒力", "booth": "A01", "username": "fuzzer", "password": PASSWORD},
            headers=admin,
        ).json()
        posting = client.post(
            "/api/postings",
            json={"fair_id": fair, "title": "数控车工", "salary_min": 1, "salary_max": 2},
            headers={"Authorization": f"Bearer {firm['token']}"},
        ).json()["id"]
        seeker = client.post("/api/resumes", json=resume_body()).json()["token"]
        client.post(
            "/api/applications",
            json={"posting_id": posting},
            headers={"Authorization": f"Bearer {seeker}"},
        )
        client.cookies.set("fm_csrf", CSRF)
        login = client.post(
            "/portal/login",
            data={"csrf": CSRF, "username": "fuzzer", "password": PASSWORD},
            follow_redirects=False,
        )
        portal = login.cookies.get("fm_ent") or ""
    return {"fm_csrf": CSRF, "fm_seeker": seeker, "fm_ent": portal}


def _forms_document() -> dict[str, Any]:
    """An OpenAPI document of the page forms' POST routes."""
    form = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in FORM_FIELDS}
        | {"csrf": {"type": "string", "enum": [CSRF]}},
        "required": ["csrf"],
    }
    paths: dict[str, Any] = {}
    for method, path in sorted(app_routes(APP)):
        if method != "POST" or path.startswith("/api/"):
            continue
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer" if name.endswith("_id") else "string"},
            }
            for name in re.findall(r"\{(\w+)\}", path)
        ]
        paths[path] = {
            "post": {
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": form}},
                },
                "responses": {"default": {"description": "a page or a redirect"}},
            }
        }
    return {"openapi": "3.0.3", "info": {"title": "forms", "version": "1"}, "paths": paths}


COOKIES = _sign_in()
DOCUMENT = _forms_document()
APP.add_api_route("/__forms.json", lambda: DOCUMENT, include_in_schema=False)
schema = schemathesis.openapi.from_asgi("/__forms.json", APP)


def test_the_forms_are_described() -> None:
    assert COOKIES["fm_ent"].startswith("fm_e_") and COOKIES["fm_seeker"].startswith("fm_s_")
    assert {"/resume", "/portal/postings/new", "/portal/applications/{application_id}"} <= set(
        DOCUMENT["paths"]
    )


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_form_post_answers_5xx(case: Any) -> None:
    response = case.call(cookies=COOKIES, allow_redirects=False)
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
