"""The API schema documents the error answers of authenticated operations (401, 403).

Every error has one JSON shape, {"error": its name, "detail": "中文 / English"}
(services/errors.py). Operations that require a bearer token (every entry of their `security`
names a scheme) list a 401 and a 403 answer of that shape, so /docs shows them as documented
and API clients can generate them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from frontend.i18n import bilingual

ERROR_SCHEMA = "ErrorBody"


class ErrorBody(BaseModel):
    """What every error answer carries."""

    error: str = Field(description="错误名称 / the error's name, e.g. NotAuthenticated")
    detail: str = Field(description="说明（中文 / English）/ what went wrong, Chinese first")


AUTH_ERRORS = {"401": "api.not_authenticated", "403": "api.forbidden"}


def _requires_a_token(operation: dict[str, Any]) -> bool:
    """Whether every way to call the operation names a scheme (an empty requirement, `{}`, is
    "or anonymously": such an operation answers callers without a token, never 401)."""
    security = operation.get("security", [])
    return bool(security) and all(security)


def with_auth_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with ErrorBody among its components and a 401 and a 403 answer of that shape on
    every operation that requires a token (answers an operation documents already are kept)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA] = ErrorBody.model_json_schema()
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and _requires_a_token(operation):
                responses = operation.setdefault("responses", {})
                for status, key in AUTH_ERRORS.items():
                    answer = {"description": bilingual(key), "content": content}
                    responses.setdefault(status, answer)
    return schema


def document_auth_errors(app: FastAPI) -> None:
    """Make `app.openapi()` (and /openapi.json) return the schema `with_auth_errors`, once."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_auth_errors(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
