"""One entry point over the specification types and the server rules, per kind of request."""

from __future__ import annotations

from typing import Any

from tests.search.es_spec import server_rules
from tests.search.es_spec.validator import spec_validator


def search_body_errors(body: Any) -> list[str]:
    """A _search body: specification types, then the server's limits."""
    errors = spec_validator().body_errors("search", body)
    return errors or server_rules.search_errors(body)


def bulk_errors(operations: list[Any], mappings: dict[str, Any]) -> list[str]:
    """A bulk body: each action line against OperationContainer, each document against the
    dynamic:strict mapping."""
    validator, errors, i = spec_validator(), [], 0
    while i < len(operations):
        line = operations[i]
        errors += validator.type_errors("_global.bulk", "OperationContainer", line, f"[{i}]")
        action = next(iter(line)) if isinstance(line, dict) and line else "?"
        if action in ("index", "create"):
            if i + 1 >= len(operations):
                errors.append(f"[{i}]: {action} without a document line")
            else:
                errors += server_rules.document_errors(operations[i + 1], mappings)
            i += 2
        else:
            i += 1
    return errors


def request_errors(endpoint: str, body: Any, mappings: dict[str, Any] | None = None) -> list[str]:
    """Violations of a request body sent to `endpoint` (search, count, mget, bulk,
    indices.create); bulk needs the index mappings to check documents."""
    if endpoint == "search":
        return search_body_errors(body)
    if endpoint == "bulk":
        assert mappings is not None, "bulk documents are checked against the mappings"
        return bulk_errors(body, mappings)
    return spec_validator().body_errors(endpoint, body)
