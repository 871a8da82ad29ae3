"""The production search backend: Elasticsearch 8 through the official async client."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Literal

from elasticsearch import (
    ApiError,
    AsyncElasticsearch,
    AuthorizationException,
    BadRequestError,
    NotFoundError,
    TransportError,
    UnsupportedProductError,
)

from search.documents import as_vector, doc_from_source
from search.elastic import queries
from search.elastic.capabilities import ClusterCapabilities, probe
from search.elastic.mappings import (
    DEFAULT_PREFIX,
    alias_name,
    index_mappings,
    index_settings,
    physical_name,
)
from search.rrf import rank_window, reciprocal_rank_fusion
from search.tokenize import query_terms
from search.types import (
    AggField,
    IndexDoc,
    IndexName,
    SearchFilters,
    SearchHit,
    SearchResult,
    SearchUnavailableError,
    Vector,
    check_result_window,
)

log = logging.getLogger("fairmatch.search")

_IDS_PAGE = 5_000
Refresh = Literal["false", "wait_for", "true"]
"""When a bulk write becomes searchable: "false" (the index's 1 s refresh interval, production),
"wait_for" (the call returns after the next refresh) or "true" (forces a refresh: tests only)."""


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    """Turn connection failures, timeouts, 429 and 5xx answers into SearchUnavailableError."""
    try:
        yield
    except (TransportError, UnsupportedProductError) as exc:
        raise SearchUnavailableError(f"Elasticsearch unreachable: {exc}") from exc
    except ApiError as exc:
        if exc.status_code == 429 or exc.status_code >= 500:
            raise SearchUnavailableError(f"Elasticsearch error {exc.status_code}: {exc}") from exc
        raise


class ElasticsearchBackend:
    """SearchBackend over an Elasticsearch 8 cluster; reads and writes go through aliases.

    `vectors=False` is for engines without dense_vector (the vector is kept in _source only,
    search_vector raises SearchUnavailableError, search_hybrid is text only). `rrf_retriever`
    None asks the cluster (GET / and GET /_license, search.elastic.capabilities) whether it may
    fuse with the rrf retriever, once, and logs the choice; a later 403 (licence expired) turns
    to client-side fusion with a warning. Credentials go to the client apart from the URL:
    `basic_auth=(user, password)` or `api_key`. `refresh` is the bulk refresh policy of upserts;
    deletions always wait for the refresh, so a deleted résumé is gone from the next search.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        dim: int,
        client: AsyncElasticsearch | None = None,
        vectors: bool = True,
        rrf_retriever: bool | None = None,
        prefix: str = DEFAULT_PREFIX,
        request_timeout: float = 10.0,
        max_retries: int = 2,
        node_class: Any = "httpxasync",
        basic_auth: tuple[str, str] | None = None,
        api_key: str | None = None,
        refresh: Refresh = "false",
    ) -> None:
        if client is None:
            if not url:
                raise ValueError("ElasticsearchBackend needs a url or a client")
            client = AsyncElasticsearch(
                url,
                request_timeout=request_timeout,
                max_retries=max_retries,
                retry_on_timeout=True,
                node_class=node_class,
                basic_auth=basic_auth,
                api_key=api_key,
            )
        self.dim = dim
        self.supports_vectors = vectors
        self.prefix = prefix
        self.refresh: Refresh = refresh
        self.capabilities: ClusterCapabilities | None = None
        self._es = client
        self._rrf_retriever = rrf_retriever

    def _alias(self, index: IndexName) -> str:
        return alias_name(index, prefix=self.prefix)

    async def ensure_indices(self) -> None:
        """Create each missing versioned index with its alias; never deletes. Safe to re-run.

        Also asks the cluster once which fusion hybrid search can use, and logs it, and warns
        when an alias still points at an index built by another MAPPING_VERSION.
        """
        await self._server_rrf()
        for index in IndexName:
            alias, physical = self._alias(index), physical_name(index, prefix=self.prefix)
            with _unavailable_on_failure():
                behind = await self._alias_targets(alias)
                if behind is not None:
                    if physical not in behind:
                        log.warning(
                            "%s points at %s, built for another mapping or tokenizer; this "
                            "version searches best on %s: create it, reindex, move the alias",
                            alias,
                            ", ".join(sorted(behind)),
                            physical,
                        )
                    continue
                if await self._es.indices.exists(index=physical):
                    await self._es.indices.put_alias(index=physical, name=alias)
                    continue
                try:
                    await self._es.indices.create(
                        index=physical,
                        settings=index_settings(),
                        mappings=index_mappings(dim=self.dim, vectors=self.supports_vectors),
                        aliases={alias: {}},
                    )
                except BadRequestError as exc:
                    if exc.error != "resource_already_exists_exception":  # lost a creation race
                        raise

    async def _alias_targets(self, alias: str) -> set[str] | None:
        """The indices behind an alias, or None when there is no such alias."""
        try:
            return set((await self._es.indices.get_alias(name=alias)).body)
        except NotFoundError:
            return None

    async def upsert(self, index: IndexName, docs: Sequence[IndexDoc]) -> None:
        """Bulk index documents by id; searchable on return or within a second (`refresh`)."""
        if not docs:
            return
        operations: list[dict[str, Any]] = []
        for doc in docs:
            if doc.vector is not None:
                as_vector(doc.vector, self.dim)
            operations.append({"index": {"_index": self._alias(index), "_id": str(doc.id)}})
            operations.append(queries.document_body(doc))
        await self._bulk(operations, ignore_status=(), refresh=self.refresh)

    async def delete(self, index: IndexName, ids: Sequence[int]) -> None:
        """Bulk delete by id and wait for the refresh; unknown ids are ignored."""
        if not ids:
            return
        operations = [{"delete": {"_index": self._alias(index), "_id": str(i)}} for i in ids]
        refresh: Refresh = "true" if self.refresh == "true" else "wait_for"
        await self._bulk(operations, ignore_status=(404,), refresh=refresh)

    async def purge_deleted(self, index: IndexName) -> None:
        """Merge away segments' deleted documents (Lucene keeps them until a merge)."""
        with _unavailable_on_failure():
            await self._es.indices.forcemerge(
                index=self._alias(index), only_expunge_deletes=True, wait_for_completion=True
            )

    async def _bulk(
        self, operations: list[dict[str, Any]], *, ignore_status: tuple[int, ...], refresh: Refresh
    ) -> None:
        with _unavailable_on_failure():
            response = await self._es.bulk(operations=operations, refresh=refresh)
        if not response.get("errors"):
            return
        failed = [
            result
            for item in response["items"]
            for result in item.values()
            if result.get("status", 200) >= 300 and result.get("status") not in ignore_status
        ]
        if not failed:
            return
        if any(f["status"] == 429 or f["status"] >= 500 for f in failed):
            raise SearchUnavailableError(f"Elasticsearch rejected {len(failed)} bulk items")
        raise ValueError(f"Elasticsearch refused {len(failed)} documents: {failed[0].get('error')}")

    async def get(self, index: IndexName, doc_id: int) -> IndexDoc | None:
        """One stored document, or None."""
        with _unavailable_on_failure():
            try:
                response = await self._es.get(index=self._alias(index), id=str(doc_id))
            except NotFoundError:
                return None
        source = dict(response["_source"])
        vector = source.get("vector")
        return doc_from_source(source, None if vector is None else as_vector(vector, self.dim))

    async def get_many(self, index: IndexName, doc_ids: Collection[int]) -> dict[int, IndexDoc]:
        """Stored documents by id with one _mget; unknown ids are left out."""
        if not doc_ids:
            return {}
        with _unavailable_on_failure():
            response = await self._es.mget(index=self._alias(index), ids=[str(i) for i in doc_ids])
        found = {}
        for doc in response["docs"]:
            if doc.get("found"):
                source = dict(doc["_source"])
                vector = source.get("vector")
                found[int(doc["_id"])] = doc_from_source(
                    source, None if vector is None else as_vector(vector, self.dim)
                )
        return found

    async def all_ids(self, index: IndexName) -> set[int]:
        """Every id, paged with search_after over the id field."""
        ids: set[int] = set()
        after: int | None = None
        while True:
            body = queries.ids_page_body(after=after, page_size=_IDS_PAGE)
            hits = (await self._search(index, body))["hits"]["hits"]
            ids.update(int(hit["_id"]) for hit in hits)
            if len(hits) < _IDS_PAGE:
                return ids
            after = int(hits[-1]["sort"][0])

    async def count(self, index: IndexName, filters: SearchFilters) -> int:
        """How many documents match the filters."""
        with _unavailable_on_failure():
            response = await self._es.count(
                index=self._alias(index), body=queries.count_body(filters)
            )
        return int(response["count"])

    async def _search(self, index: IndexName, body: dict[str, Any]) -> dict[str, Any]:
        with _unavailable_on_failure():
            response = await self._es.search(index=self._alias(index), body=body)
        return dict(response.body)

    @staticmethod
    def _result(response: dict[str, Any], *, cosine: bool = False) -> SearchResult:
        hits = []
        for hit in response["hits"]["hits"]:
            score = float(hit.get("_score") or 0.0)
            # ES reports cosine similarity as (1 + cos) / 2; give callers the cosine itself.
            hits.append(SearchHit(id=int(hit["_id"]), score=2.0 * score - 1.0 if cosine else score))
        total = response["hits"].get("total", {"value": len(hits)})
        return SearchResult(hits=hits, total=int(total["value"]))

    async def search_text(
        self, index: IndexName, query: str, filters: SearchFilters, *, limit: int, offset: int = 0
    ) -> SearchResult:
        """BM25 over jieba tokens of title and body; an empty query lists by id descending."""
        check_result_window(offset=offset, limit=limit)
        body = queries.text_search_body(query, filters, limit=limit, offset=offset)
        return self._result(await self._search(index, body))

    async def search_vector(
        self, index: IndexName, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        """Nearest neighbours by cosine similarity among documents matching the filters.

        Elasticsearch refuses k above 10,000: with an ids filter the ids are searched in chunks
        of at most 10,000 and the hits merged; without one, a larger k is a ValueError.
        """
        if not self.supports_vectors:
            raise SearchUnavailableError("this search engine has no vector support")
        query = as_vector(vector, self.dim)
        if k <= queries.MAX_KNN_K:
            return await self._knn(index, query, filters, k=k)
        if filters.ids is None:
            raise ValueError(f"k={k} exceeds {queries.MAX_KNN_K}: pass the ids to compare with")
        hits: list[SearchHit] = []
        for chunk in queries.id_chunks(filters.ids, size=queries.MAX_KNN_K):
            part = replace(filters, ids=chunk)
            hits += (await self._knn(index, query, part, k=len(chunk))).hits
        hits.sort(key=lambda hit: (-hit.score, hit.id))
        return SearchResult(hits=hits[:k], total=len(hits[:k]))

    async def _knn(
        self, index: IndexName, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        body = queries.knn_search_body(vector, filters, k=k)
        result = self._result(await self._search(index, body), cosine=True)
        return SearchResult(hits=result.hits, total=len(result.hits))

    async def search_hybrid(
        self, index: IndexName, query: str, vector: Vector, filters: SearchFilters, *, k: int
    ) -> SearchResult:
        """Text and vector results fused with RRF (k=60): server-side when supported."""
        if not self.supports_vectors:
            return await self.search_text(index, query, filters, limit=k)
        if not query_terms(query):
            return await self.search_vector(index, vector, filters, k=k)
        if await self._server_rrf():
            body = queries.hybrid_rrf_body(query, as_vector(vector, self.dim), filters, k=k)
            try:
                return self._result(await self._search(index, body))
            except (BadRequestError, AuthorizationException) as exc:
                # The licence lapsed or was changed after start-up: fuse client-side from now on.
                log.warning("the rrf retriever was refused (%s): fusing client-side", exc)
                self._rrf_retriever = False
        window = rank_window(k)
        text = await self.search_text(index, query, filters, limit=window)
        vector_hits = await self.search_vector(index, vector, filters, k=window)
        return reciprocal_rank_fusion([text.hits, vector_hits.hits], k=k)

    async def _server_rrf(self) -> bool:
        """Whether hybrid search fuses server-side; asks the cluster and logs it the first time."""
        if self._rrf_retriever is None:
            with _unavailable_on_failure():
                self.capabilities = await probe(self._es)
            self._rrf_retriever = self.capabilities.server_rrf
            log.info(self.capabilities.describe())
        return self._rrf_retriever

    async def aggregate(
        self, index: IndexName, field: AggField, filters: SearchFilters, *, size: int = 100
    ) -> dict[str, int]:
        """Document counts per value of a keyword field, largest first."""
        body = queries.aggregation_body(field, filters, size=size)
        buckets = (await self._search(index, body))["aggregations"]["values"]["buckets"]
        return {str(b["key"]): int(b["doc_count"]) for b in buckets}

    async def health(self) -> bool:
        """True when the cluster answers a ping."""
        try:
            return bool(await self._es.ping())
        except (TransportError, ApiError):
            return False

    async def close(self) -> None:
        """Close the client's connections."""
        await self._es.close()
