"""Limits an Elasticsearch 8.15 node enforces that the specification's types cannot express.

Each rule cites the server's default: index.max_result_window (10,000), the kNN limits of
DenseVectorFieldMapper / KnnSearchBuilder (k and num_candidates ≤ 10,000, num_candidates ≥ k),
the rrf retriever's rank_window_size ≥ size, search_after with from 0 and a sort,
index.max_terms_count (65,536), search.max_buckets (65,536), and a dynamic:strict mapping that
refuses unknown fields and values of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_RESULT_WINDOW = 10_000
MAX_K = 10_000
MAX_NUM_CANDIDATES = 10_000
MAX_TERMS_COUNT = 65_536
MAX_BUCKETS = 65_536
_INT_RANGES = {"integer": 2**31, "long": 2**63, "short": 2**15, "byte": 2**7}


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def _knn_errors(knn: dict[str, Any], path: str) -> list[str]:
    k = knn.get("k", 10)
    candidates = knn.get("num_candidates", min(int(1.5 * k), MAX_NUM_CANDIDATES))
    errors = []
    if not 1 <= k <= MAX_K:
        errors.append(f"{path}.k: {k} outside 1..{MAX_K}")
    if candidates > MAX_NUM_CANDIDATES:
        errors.append(f"{path}.num_candidates: {candidates} above {MAX_NUM_CANDIDATES}")
    if candidates < k:
        errors.append(f"{path}.num_candidates: [num_candidates] cannot be less than [k] ({k})")
    return errors


def search_errors(body: dict[str, Any]) -> list[str]:
    """Server-side refusals of a _search body (empty when a node would accept it)."""
    errors: list[str] = []
    size, start = body.get("size", 10), body.get("from", 0)
    if start + size > MAX_RESULT_WINDOW:
        errors.append(f"body: from + size = {start + size} exceeds max_result_window")
    if "search_after" in body:
        if start not in (0, -1):
            errors.append("body.from: must be 0 when search_after is used")
        if "sort" not in body or len(body["sort"]) != len(body["search_after"]):
            errors.append("body.search_after: needs a sort with as many fields")
    for path, node in _walk(body, "body"):
        if not isinstance(node, dict):
            continue
        if path.endswith(".knn") or path == "body.knn":
            for i, knn in enumerate(node if isinstance(node, list) else [node]):
                errors += _knn_errors(knn, path if isinstance(node, dict) else f"{path}[{i}]")
        if path.endswith(".rrf"):
            window = node.get("rank_window_size", 10)
            if window < size:
                errors.append(f"{path}.rank_window_size: {window} is less than size {size}")
        if path.endswith(".terms") and not path.endswith("aggs.values.terms"):
            for field, values in node.items():
                if isinstance(values, list) and len(values) > MAX_TERMS_COUNT:
                    errors.append(f"{path}.{field}: {len(values)} terms > {MAX_TERMS_COUNT}")
    for name, agg in body.get("aggs", body.get("aggregations", {})).items():
        if agg.get("terms", {}).get("size", 10) > MAX_BUCKETS:
            errors.append(f"body.aggs.{name}: size above search.max_buckets")
    return errors


def _value_errors(value: Any, mapping: dict[str, Any], path: str) -> list[str]:
    kind = mapping["type"]
    if value is None:
        return []
    if kind in _INT_RANGES:
        bound = _INT_RANGES[kind]
        ok = isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
        return [] if ok else [f"{path}: {value!r:.40} is not a {kind}"]
    if kind in ("keyword", "text"):
        return [] if isinstance(value, str) else [f"{path}: {value!r:.40} is not a string"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: {value!r:.40} is not a boolean"]
    if kind in ("float", "dense_vector"):
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return [f"{path}: {kind} values must be numbers"]
        if kind == "dense_vector" and len(values) != mapping["dims"]:
            return [f"{path}: {len(values)} dimensions, the mapping has {mapping['dims']}"]
        return []
    return [f"{path}: field type {kind} is not checked here"]


def document_errors(doc: Any, mappings: dict[str, Any]) -> list[str]:
    """Why `doc` does not fit a dynamic:strict mapping: an unknown field (the node refuses it),
    or a value not of the field's own JSON type. The latter is stricter than a node, which
    coerces "3" into a long and 5 into a keyword: our documents must not lean on coercion."""
    if not isinstance(doc, dict):
        return ["document: not an object"]
    properties = mappings["properties"]
    errors = []
    for key, value in doc.items():
        if key not in properties:
            if mappings.get("dynamic") == "strict":
                errors.append(f"document.{key}: strict_dynamic_mapping_exception")
            continue
        errors += _value_errors(value, properties[key], f"document.{key}")
    return errors
