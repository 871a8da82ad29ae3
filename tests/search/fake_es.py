"""A recording fake Elasticsearch 8.15 node, plugged into the real client as its transport node.

It answers the calls ElasticsearchBackend makes with the status codes, headers and bodies a real
8.15 node sends (info, GET /_license, alias and index checks, create, bulk, get, mget, count,
search, delete) and refuses what a real node refuses: a body the specification rejects or that
breaks a server limit (400, as the node would), the rrf retriever without an enterprise or trial
licence (403 security_exception), wildcard index deletion (destructive_requires_name). Every
request is recorded with its parsed body. It is not a search engine: searches return stored
documents in id order (restricted only by a `terms` filter on id), which is enough to see what
the backend sent and how it reads the answers.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from elastic_transport import ApiResponseMeta, BaseAsyncNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse

from tests.search.es_spec import server_rules
from tests.search.es_spec.checks import request_errors
from tests.search.es_spec.validator import spec_validator

RRF_FEATURE = "Reciprocal Rank Fusion (RRF)"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any


def error_body(kind: str, reason: str, status: int, **extra: Any) -> dict[str, Any]:
    """The JSON an Elasticsearch node sends with an error status."""
    cause = {"type": kind, "reason": reason, **extra}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


@dataclass
class FakeElasticsearch:
    """State and behaviour of one fake node; `node_class()` plugs it into a client."""

    version: str = "8.15.3"
    license_type: str = "basic"
    license_status: str = "active"
    requests: list[Recorded] = field(default_factory=list)
    indices: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> mappings
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> index
    docs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # index -> id -> src
    refused: list[str] = field(default_factory=list)  # why bodies were refused with 400

    def node_class(self) -> type[BaseAsyncNode]:
        """A transport node class answering from this fake (pass as `node_class`)."""
        fake = self

        class FakeNode(BaseAsyncNode):
            async def perform_request(  # type: ignore[override]
                self, method: str, target: str, **request: Any
            ) -> NodeApiResponse:
                """Answer from the fake (the transport passes body and headers by name)."""
                merged = {**dict(self._headers), **dict(request.get("headers") or {})}
                status, answer = fake.handle(method, target, request.get("body"), merged)
                meta = ApiResponseMeta(
                    status=status,
                    http_version="1.1",
                    headers=HttpHeaders(
                        {
                            "content-type": "application/vnd.elasticsearch+json;compatible-with=8",
                            "x-elastic-product": "Elasticsearch",
                        }
                    ),
                    duration=0.0,
                    node=self.config,
                )
                data = b"" if method == "HEAD" else json.dumps(answer).encode()
                return NodeApiResponse(meta, data)

            async def close(self) -> None:  # type: ignore[override]
                return None

        return FakeNode

    def searches(self) -> list[dict[str, Any]]:
        """Bodies of the _search requests received so far."""
        return [r.body for r in self.requests if r.path.endswith("/_search")]

    # ---- routing ------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, raw: bytes | None, headers: dict[str, str]
    ) -> tuple[int, Any]:
        url = urlsplit(target)
        params = dict(parse_qsl(url.query))
        body: Any = None
        if raw:
            text = raw.decode()
            lines = [json.loads(line) for line in text.splitlines() if line.strip()]
            body = lines if url.path.endswith("/_bulk") else lines[0]
        self.requests.append(Recorded(method, url.path, params, headers, body))
        parts = [p for p in url.path.split("/") if p]
        if not parts:
            return 200, self._info()
        if parts == ["_license"]:
            return 200, self._license()
        if parts[0] == "_alias":
            return self._alias(parts[1])
        if parts == ["_bulk"]:
            return self._bulk(body or [], params)
        if len(parts) == 1:
            return self._index_op(method, parts[0], body)
        index = self.aliases.get(parts[0], parts[0])
        if index not in self.indices:
            return 404, error_body("index_not_found_exception", f"no such index [{parts[0]}]", 404)
        return self._document_op(method, index, parts[1:], body)

    def _info(self) -> dict[str, Any]:
        return {
            "name": "es01",
            "cluster_name": "docker-cluster",
            "cluster_uuid": "aBcD",
            "version": {
                "number": self.version,
                "build_flavor": "default",
                "build_type": "docker",
                "build_hash": "0",
                "build_date": "2024-10-09T22:08:00.328917561Z",
                "build_snapshot": False,
                "lucene_version": "9.11.1",
                "minimum_wire_compatibility_version": "7.17.0",
                "minimum_index_compatibility_version": "7.0.0",
            },
            "tagline": "You Know, for Search",
        }

    def _license(self) -> dict[str, Any]:
        return {
            "license": {
                "status": self.license_status,
                "uid": "6b3f7c4e-0000-4000-8000-000000000000",
                "type": self.license_type,
                "issue_date": "2024-11-01T00:00:00.000Z",
                "issue_date_in_millis": 1730419200000,
                "max_nodes": 1000,
                "max_resource_units": None,
                "issued_to": "docker-cluster",
                "issuer": "elasticsearch",
                "start_date_in_millis": -1,
            }
        }

    def _alias(self, name: str) -> tuple[int, Any]:
        if name not in self.aliases:
            return 404, {"error": f"alias [{name}] missing", "status": 404}
        return 200, {self.aliases[name]: {"aliases": {name: {}}}}

    def _refuse(self, errors: list[str]) -> tuple[int, Any]:
        self.refused.extend(errors)
        return 400, error_body("x_content_parse_exception", "; ".join(errors), 400)

    def _index_op(self, method: str, name: str, body: Any) -> tuple[int, Any]:
        if method == "HEAD":
            return (200, {}) if name in self.indices else (404, {})
        if method == "PUT":
            errors = request_errors("indices.create", body)
            if errors:
                return self._refuse(errors)
            if name in self.indices:
                reason = f"index [{name}/x] already exists"
                return 400, error_body("resource_already_exists_exception", reason, 400)
            self.indices[name] = body["mappings"]
            self.docs[name] = {}
            self.aliases.update(dict.fromkeys(body.get("aliases", {}), name))
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
        if method == "DELETE":
            if "*" in name or name in ("_all", "*"):
                reason = "Wildcard expressions or all indices are not allowed"
                return 400, error_body("illegal_argument_exception", reason, 400)
            for one in name.split(","):
                self.indices.pop(one, None)
                self.docs.pop(one, None)
                self.aliases = {a: i for a, i in self.aliases.items() if i != one}
            return 200, {"acknowledged": True}
        return 405, error_body("illegal_argument_exception", f"{method} /{name}", 405)

    def _bulk(self, lines: list[Any], params: dict[str, str]) -> tuple[int, Any]:
        items, errors, i = [], [], 0
        while i < len(lines):
            errors += spec_validator().type_errors("_global.bulk", "OperationContainer", lines[i])
            if errors:
                break
            action, meta = next(iter(lines[i].items()))
            index = self.aliases.get(meta["_index"], meta["_index"])
            store = self.docs.setdefault(index, {})
            if action == "delete":
                found = store.pop(meta["_id"], None) is not None
                items.append({action: {"_id": meta["_id"], "status": 200 if found else 404}})
                i += 1
                continue
            doc_errors = server_rules.document_errors(lines[i + 1], self.indices[index])
            if doc_errors:
                reason = "; ".join(doc_errors)
                error = {"type": "strict_dynamic_mapping_exception", "reason": reason}
                items.append({action: {"_id": meta["_id"], "status": 400, "error": error}})
            else:
                store[meta["_id"]] = lines[i + 1]
                items.append({action: {"_id": meta["_id"], "status": 201}})
            i += 2
        if errors:
            return self._refuse(errors)
        failed = any(next(iter(item.values()))["status"] >= 300 for item in items)
        return 200, {"errors": failed, "took": 1, "items": items}

    def _document_op(self, method: str, index: str, rest: list[str], body: Any) -> tuple[int, Any]:
        store = self.docs[index]
        if rest[0] == "_doc":
            source = store.get(rest[1])
            if source is None:
                return 404, {"_index": index, "_id": rest[1], "found": False}
            return 200, {"_index": index, "_id": rest[1], "found": True, "_source": source}
        endpoint = {"_mget": "mget", "_count": "count", "_search": "search"}.get(rest[0])
        if endpoint is None:
            return 200, {index: {"aliases": {a: {} for a, i in self.aliases.items() if i == index}}}
        errors = request_errors(endpoint, body)
        if errors:
            return self._refuse(errors)
        if endpoint == "mget":
            return 200, {"docs": [self._got(index, i) for i in body["ids"]]}
        if endpoint == "count":
            return 200, {"count": len(store), "_shards": {"total": 1, "successful": 1}}
        return self._search(index, body)

    def _got(self, index: str, doc_id: str) -> dict[str, Any]:
        source = self.docs[index].get(doc_id)
        if source is None:
            return {"_index": index, "_id": doc_id, "found": False}
        return {"_index": index, "_id": doc_id, "found": True, "_source": source}

    def _search(self, index: str, body: dict[str, Any]) -> tuple[int, Any]:
        if "retriever" in body and self.license_type not in ("enterprise", "trial"):
            reason = f"current license is non-compliant for [{RRF_FEATURE}]"
            return 403, error_body(
                "security_exception", reason, 403, **{"license.expired.feature": RRF_FEATURE}
            )
        wanted = _ids_filter(body)
        ids = sorted(int(i) for i in self.docs[index])
        ids = [i for i in ids if wanted is None or i in wanted]
        size = body.get("size", 10)
        start = body.get("from", 0)
        if "search_after" in body:
            ids = [i for i in ids if i > body["search_after"][0]]
        page = ids[start : start + size]
        hits = [{"_index": index, "_id": str(i), "_score": 1.0, "sort": [i]} for i in page]
        answer: dict[str, Any] = {"aggregations": self._aggregate(index, ids, body)}
        return 200, answer | {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": len(ids), "relation": "eq"}, "hits": hits},
        }

    def _aggregate(self, index: str, ids: list[int], body: dict[str, Any]) -> dict[str, Any]:
        """Terms aggregations: document counts per value, largest first."""
        out: dict[str, Any] = {}
        for name, agg in body.get("aggs", {}).items():
            field, counts = agg["terms"]["field"], Counter[Any]()
            for doc_id in ids:
                value = self.docs[index][str(doc_id)].get(field)
                if value is not None:
                    counts[value] += 1
            buckets = [{"key": k, "doc_count": n} for k, n in counts.most_common()]
            out[name] = {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": buckets[: agg["terms"].get("size", 10)],
            }
        return out


def _ids_filter(body: dict[str, Any]) -> set[int] | None:
    """The ids of a `terms` filter on id anywhere in the body, if there is one."""
    found: set[int] | None = None
    stack: list[Any] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("terms"), dict) and "id" in node["terms"]:
                found = (found or set()) | set(node["terms"]["id"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
