"""schemathesis against the app's own OpenAPI spec, in process: no input makes it answer 5xx,
whether the caller is the organizer (every route open to it) or anonymous (every route closed).

The app (SQLite and an embedded index in a temporary folder) is built when the module is
collected; schemathesis runs its lifespan. Examples are bounded so the run stays short.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from tests.services.conftest import ADMIN_TOKEN
from tests.support.fuzz_app import fuzz_app

APP = fuzz_app("fairmatch-fuzz-")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(
    path_regex="^/api/", method_regex="^(GET|POST|PATCH|DELETE)$"
)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:300])


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_for_anonymous_callers(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
