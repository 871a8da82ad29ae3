"""The OpenAPI schema says how to authenticate: one HTTP bearer scheme (the Authorize button of
/docs), required by every operation that only some principals may call, by no public one.

Who may call what is MATRIX's decision (tests/security/test_authorization_matrix.py, which every
route must have); this checks the schema against it, so a new protected route that reads the
token some other way than the `TokenDep` dependency fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontend.i18n import EN, ZH, bilingual, t
from services.app import create_app
from services.config import Environment, SearchKind, Settings
from services.migrate import upgrade
from tests.security.test_authorization_matrix import MATRIX, Who
from tests.services.conftest import ADMIN_TOKEN

SCHEME = "BearerToken"
REQUIRED: list[dict[str, list[str]]] = [{SCHEME: []}]
TOKEN_KINDS = ("fm_o_", "fm_e_", "fm_sc_", "fm_s_")


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The app's OpenAPI schema, as /openapi.json serves it (no database is opened for it)."""
    settings = Settings(
        environment=Environment.test,
        data_dir=tmp_path_factory.mktemp("openapi"),
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
    )
    schema: dict[str, Any] = create_app(settings).openapi()
    return schema


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation of the schema by (METHOD, path template)."""
    return {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }


def test_the_schema_declares_an_http_bearer_scheme_naming_the_token_kinds(
    spec: dict[str, Any],
) -> None:
    scheme = spec["components"]["securitySchemes"][SCHEME]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    description = scheme["description"]
    assert description == bilingual("api.token_scheme")
    assert description.startswith(t("api.token_scheme", ZH))
    assert description.endswith(t("api.token_scheme", EN))
    for lang in (ZH, EN):
        assert all(kind in t("api.token_scheme", lang) for kind in TOKEN_KINDS), lang


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/postings"),  # an enterprise's
        ("GET", "/api/postings/{posting_id}/candidates"),  # the posting's firm's
        ("GET", "/api/fairs/{fair_id}/stats/live"),  # an organizer's, token or dashboard cookie
        ("GET", "/api/resumes/{resume_id}"),  # the seeker's own
        ("GET", "/api/schools/{school_id}/report"),  # the school's own
    ],
)
def test_a_protected_operation_requires_the_token(
    spec: dict[str, Any], method: str, path: str
) -> None:
    assert operations(spec)[(method, path)]["security"] == REQUIRED


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/postings"), ("GET", "/healthz"), ("POST", "/api/resumes")],
)
def test_a_public_operation_asks_for_no_token(spec: dict[str, Any], method: str, path: str) -> None:
    assert "security" not in operations(spec)[(method, path)]


def test_an_operation_open_to_all_that_reads_a_token_marks_it_optional(
    spec: dict[str, Any],
) -> None:
    """The demand map answers anyone, and organizers (by token) in full: `{}` is "or none"."""
    assert operations(spec)[("GET", "/api/insights/demand")]["security"] == [*REQUIRED, {}]


def test_every_operation_asks_for_the_token_exactly_when_matrix_protects_it(
    spec: dict[str, Any],
) -> None:
    problems = []
    for key, operation in sorted(operations(spec).items()):
        who = MATRIX.get(key)
        security = operation.get("security")
        if who is None:
            problems.append(f"{key}: not in MATRIX")
        elif who is Who.anyone and security is not None and {} not in security:
            problems.append(f"{key}: public, but the schema requires {security}")
        elif who is not Who.anyone and security != REQUIRED:
            problems.append(f"{key}: only for {who.value}, but the schema says {security}")
    assert problems == [], "\n".join(problems)


def test_operations_that_require_the_token_document_its_401_and_403_answers(
    spec: dict[str, Any],
) -> None:
    error_body = {"$ref": "#/components/schemas/ErrorBody"}
    assert set(spec["components"]["schemas"]["ErrorBody"]["required"]) == {"error", "detail"}
    for key, operation in operations(spec).items():
        answers = operation["responses"]
        if operation.get("security") == REQUIRED:
            for status, message in (("401", "api.not_authenticated"), ("403", "api.forbidden")):
                assert answers[status]["description"] == bilingual(message), key
                assert answers[status]["content"]["application/json"]["schema"] == error_body
        else:
            assert "401" not in answers and "403" not in answers, key


def test_a_401_answer_has_the_documented_shape(tmp_path: Path) -> None:
    """What the schema promises is what a caller without a token gets."""
    from services.web.openapi_errors import ErrorBody

    settings = Settings(
        environment=Environment.test,
        database_url=f"sqlite:///{tmp_path / 'fm.db'}",
        data_dir=tmp_path,
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )
    upgrade(settings.sync_database_url)
    with TestClient(create_app(settings)) as client:
        answer = client.post("/api/postings", json={})
    assert answer.status_code == 401
    assert ErrorBody.model_validate(answer.json()) == ErrorBody(
        error="NotAuthenticated", detail=bilingual("api.not_authenticated")
    )
