"""Transport node for OpenSearch-compatible servers (FAIRMATCH_ES_FLAVOR=compatible).

The official 8.x client sends `application/vnd.elasticsearch+json; compatible-with=8`, which
OpenSearch-compatible servers (OpenSearch itself, osmem-server in our tests) answer with 406, and
it refuses responses lacking `X-Elastic-Product: Elasticsearch`. This node sends plain JSON media
types and marks answers as Elasticsearch's; everything else is the stock httpx node. Such servers
get text search only (their kNN syntax differs): the backend runs with vectors=False.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from elastic_transport import HttpHeaders, HttpxAsyncHttpNode, NodeConfig
from elastic_transport._node._base import NodeApiResponse


def _plain(value: str) -> str:
    return "application/x-ndjson" if "ndjson" in value else "application/json"


def _rewrite(headers: HttpHeaders) -> HttpHeaders:
    fixed = HttpHeaders(headers)
    for name in ("accept", "content-type"):
        if name in fixed and "vnd.elasticsearch" in fixed[name]:
            fixed[name] = _plain(fixed[name])
    return fixed


class PlainJsonHttpxNode(HttpxAsyncHttpNode):
    """HttpxAsyncHttpNode speaking plain JSON to OpenSearch-compatible servers."""

    def __init__(self, config: NodeConfig) -> None:
        super().__init__(config)
        self._headers = _rewrite(self._headers)

    async def perform_request(  # type: ignore[override]
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        **kwargs: Any,
    ) -> NodeApiResponse:
        """Send with plain JSON media types and mark the answer as coming from Elasticsearch."""
        fixed = _rewrite(headers) if headers is not None else None
        response = await super().perform_request(method, target, body, fixed, **kwargs)
        answer = HttpHeaders(response.meta.headers)
        answer["x-elastic-product"] = "Elasticsearch"
        return NodeApiResponse(dataclasses.replace(response.meta, headers=answer), response.body)
