"""Rebuild schema-subset-8.15.json.gz from the full compiled specification.

    python tests/search/es_spec/extract.py /path/to/schema-serverless-8.15.json

Keeps the request types of the endpoints FairMatch calls and every type they reach, without
descriptions, so the vendored file stays small. The result is deterministic (sorted, gzip mtime 0).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

ENDPOINTS = ("search", "count", "mget", "bulk", "indices.create")
_DROP = {"description", "docUrl", "docId", "specLocation", "extDocId", "extDocUrl", "esQuirk"}
OUT = Path(__file__).with_name("schema-subset-8.15.json.gz")


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _DROP}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _references(node: Any) -> list[tuple[str, str]]:
    """Every type name mentioned anywhere inside a node."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if set(node) >= {"name", "namespace"} and isinstance(node["name"], str):
            found.append((node["namespace"], node["name"]))
        for value in node.values():
            found.extend(_references(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_references(value))
    return found


def extract(schema: dict[str, Any]) -> dict[str, Any]:
    """The subset of `schema` reachable from the bodies of ENDPOINTS."""
    types = {(t["name"]["namespace"], t["name"]["name"]): t for t in schema["types"]}
    requests = {e["name"]: e["request"] for e in schema["endpoints"] if e["name"] in ENDPOINTS}
    todo = [(r["namespace"], r["name"]) for r in requests.values()]
    kept: dict[tuple[str, str], Any] = {}
    while todo:
        key = todo.pop()
        if key in kept or key not in types:
            continue
        kind = types[key]
        if kind["kind"] == "request":  # only the body matters, not path or query parameters
            kind = {k: v for k, v in kind.items() if k not in ("path", "query", "inherits")}
        kept[key] = _strip(kind)
        todo.extend(_references(kept[key]))
    return {
        "_info": _strip(schema.get("_info", {})),
        "endpoints": {name: requests[name] for name in sorted(requests)},
        "types": [kept[key] for key in sorted(kept)],
    }


def main(source: str) -> None:
    subset = extract(json.loads(Path(source).read_text(encoding="utf-8")))
    data = json.dumps(subset, sort_keys=True, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(data, mtime=0))
    print(json.dumps({"types": len(subset["types"]), "bytes": len(data), "gz": OUT.stat().st_size}))


if __name__ == "__main__":
    main(sys.argv[1])
