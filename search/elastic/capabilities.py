"""What the connected cluster can do: its version and whether its licence allows the rrf retriever.

The rrf retriever is an Enterprise feature (Elastic's rank-rrf plugin is licensed for enterprise
and trial; basic, gold and platinum answer 403 security_exception "current license is
non-compliant for [Reciprocal Rank Fusion (RRF)]"), and its `rank_window_size` parameter needs
Elasticsearch 8.15 or later. Everything else FairMatch sends works on a basic licence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch

log = logging.getLogger("fairmatch.search")

RRF_MIN_VERSION = (8, 15)
RRF_LICENCES = frozenset({"enterprise", "trial"})


def version_tuple(number: str) -> tuple[int, ...]:
    """(major, minor) of a version string such as "8.15.3" or "8.16.0-SNAPSHOT"."""
    return tuple(int(part) for part in number.split("-")[0].split(".")[:2] if part.isdigit())


@dataclass(frozen=True, slots=True)
class ClusterCapabilities:
    """The server's distribution, version and licence, and the fusion chosen from them."""

    distribution: str
    version: str
    licence: str  # "basic", "enterprise", "trial", ... or "unknown"
    server_rrf: bool

    def describe(self) -> str:
        """One line for the start-up log."""
        fusion = (
            "server-side rrf retriever"
            if self.server_rrf
            else "client-side reciprocal rank fusion (search/rrf.py)"
        )
        return (
            f"search backend: {self.distribution} {self.version}, licence {self.licence}; "
            f"hybrid search uses {fusion}"
        )


def choose_fusion(*, distribution: str, version: str, licence: str, status: str) -> bool:
    """True when the server may fuse with the rrf retriever: 8.15+ with an active licence for it."""
    return (
        distribution == "elasticsearch"
        and version_tuple(version) >= RRF_MIN_VERSION
        and licence in RRF_LICENCES
        and status == "active"
    )


async def probe(client: AsyncElasticsearch) -> ClusterCapabilities:
    """Ask GET / and, on Elasticsearch, GET /_license; connection errors propagate."""
    info = (await client.info()).body
    version: dict[str, Any] = info["version"]
    distribution = str(version.get("distribution", "elasticsearch"))
    number = str(version["number"])
    licence, status = "unknown", "unknown"
    if distribution == "elasticsearch":
        try:
            answer = (await client.license.get()).body["license"]
            licence, status = str(answer["type"]), str(answer["status"])
        except ApiError as exc:  # no monitor privilege, or a server without the licence API
            log.warning("GET /_license failed (%s): assuming no rrf licence", exc.status_code)
    server_rrf = choose_fusion(
        distribution=distribution, version=number, licence=licence, status=status
    )
    return ClusterCapabilities(distribution, number, licence, server_rrf)
