"""The tantivy side of one embedded index: BM25 over jieba tokens, filters, stored documents.

Queries are built programmatically from term queries (never parsed), so query syntax characters
in user input are plain text. Title and body hold pre-tokenized text indexed with tantivy's
whitespace tokenizer; the stored source and vector make tantivy the durable copy of each document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import tantivy
from tantivy import FieldType, Occur, Order, Query

from search.documents import doc_from_source, doc_source
from search.tokenize import tokens_for_index
from search.types import IndexDoc, SearchFilters, SearchHit, SearchResult

TITLE_BOOST = 2.0
_WRITER_HEAP = 64_000_000
_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    for name in ("fair_id", "enterprise_id", "skill_level", "salary_min", "salary_max"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("occupation_code", "district", "status"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_boolean_field("open_to_recommendations", indexed=True)
    builder.add_bytes_field("source", stored=True)
    builder.add_bytes_field("vector", stored=True)
    return builder.build()


def _regex_escape(text: str) -> str:
    return "".join("\\" + ch if not ch.isalnum() else ch for ch in text)


class TextIndex:
    """One tantivy index on disk with a single writer; searches may run from any thread."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        self._index = tantivy.Index(self._schema, path=str(path), reuse=True)
        self._index.config_reader(reload_policy="manual")
        self._writer = self._index.writer(_WRITER_HEAP, 1)

    # ----- writing (the caller holds the write lock) ---------------------------------------

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        """Replace documents by id in one commit; visible to the next search."""
        for doc in docs:
            self._writer.delete_documents_by_term("id", doc.id)
            self._writer.add_document(self._to_tantivy(doc))
        self._commit()

    def delete(self, ids: Sequence[int]) -> None:
        """Delete documents by id in one commit."""
        for doc_id in ids:
            self._writer.delete_documents_by_term("id", doc_id)
        self._commit()

    def rewrite(self, docs: Sequence[IndexDoc]) -> None:
        """Replace every segment by one holding exactly `docs`, then delete the old files.

        tantivy only marks deleted documents (a tombstone beside the segment, whose stored
        source and terms stay readable on disk until a merge); rewriting and collecting the
        garbage leaves no byte of them in the folder.
        """
        # Not delete_all_documents(): later deletes by term miss the documents added after it.
        self._writer.delete_documents_by_query(Query.all_query())
        for doc in docs:
            self._writer.add_document(self._to_tantivy(doc))
        self._commit()
        self._writer.garbage_collect_files()

    def _commit(self) -> None:
        self._writer.commit()
        self._index.reload()

    def _to_tantivy(self, doc: IndexDoc) -> tantivy.Document:
        out = tantivy.Document(
            id=doc.id,
            title=tokens_for_index(doc.title),
            body=tokens_for_index(doc.body),
            open_to_recommendations=doc.open_to_recommendations,
            source=json.dumps(doc_source(doc), ensure_ascii=False).encode(),
        )
        # Open-ended salary bounds are stored as the extreme values so overlap is two ranges.
        out.add_integer("salary_min", _I64_MIN if doc.salary_min is None else doc.salary_min)
        out.add_integer("salary_max", _I64_MAX if doc.salary_max is None else doc.salary_max)
        for name in ("fair_id", "enterprise_id", "skill_level"):
            value = getattr(doc, name)
            if value is not None:
                out.add_integer(name, value)
        for name in ("occupation_code", "district", "status"):
            value = getattr(doc, name)
            if value is not None:
                out.add_text(name, value)
        if doc.vector is not None:
            out.add_bytes("vector", np.asarray(doc.vector, dtype="<f4").tobytes())
        return out

    # ----- reading -------------------------------------------------------------------------

    def search(
        self, terms: Sequence[str], filters: SearchFilters, *, limit: int, offset: int
    ) -> SearchResult:
        """BM25 over title (boosted) and body for any of the terms; no terms lists by id desc."""
        searcher = self._index.searcher()
        clauses = [(Occur.Must, Query.const_score_query(q, 0.0)) for q in self._filters(filters)]
        if terms:
            text = [
                (Occur.Should, query)
                for term in terms
                for query in (
                    Query.boost_query(Query.term_query(self._schema, "title", term), TITLE_BOOST),
                    Query.term_query(self._schema, "body", term),
                )
            ]
            clauses.append((Occur.Must, Query.boolean_query(text)))
            query = Query.boolean_query(clauses)
            found = searcher.search(query, limit, count=True, offset=offset)
        else:
            query = Query.boolean_query(clauses) if clauses else Query.all_query()
            found = searcher.search(
                query, limit, count=True, offset=offset, order_by_field="id", order=Order.Desc
            )
        addresses = [address for _, address in found.hits]
        values = searcher.fast_field_values("id", addresses) if addresses else []
        ids = [int(v) for v in values if v is not None]  # every document has an id
        scores = [float(score) if terms else 0.0 for score, _ in found.hits]
        hits = [SearchHit(id=i, score=s) for i, s in zip(ids, scores, strict=True)]
        return SearchResult(hits=hits, total=int(getattr(found, "count", 0) or 0))

    def _filters(self, f: SearchFilters) -> list[Query]:
        schema, out = self._schema, []
        for name in ("fair_id", "enterprise_id"):
            value = getattr(f, name)
            if value is not None:
                out.append(Query.term_query(schema, name, value))
        if f.skill_level_min is not None or f.skill_level_max is not None:
            out.append(
                Query.range_query(
                    schema, "skill_level", FieldType.Integer, f.skill_level_min, f.skill_level_max
                )
            )
        integer = FieldType.Integer
        if f.salary_min is not None:
            out.append(Query.range_query(schema, "salary_max", integer, f.salary_min, None))
        if f.salary_max is not None:
            out.append(Query.range_query(schema, "salary_min", integer, None, f.salary_max))
        for name in ("district", "status"):
            value = getattr(f, name)
            if value is not None:
                out.append(Query.term_query(schema, name, value))
        if f.occupation_prefix is not None:
            pattern = _regex_escape(f.occupation_prefix) + ".*"
            out.append(Query.regex_query(schema, "occupation_code", pattern))
        if f.open_to_recommendations is not None:
            wanted = f.open_to_recommendations
            out.append(Query.term_query(schema, "open_to_recommendations", wanted))
        if f.ids is not None:
            out.append(Query.term_set_query(schema, "id", sorted(f.ids)))
        return out

    def get(self, doc_id: int) -> IndexDoc | None:
        """The stored document with this id, or None."""
        searcher = self._index.searcher()
        found = searcher.search(Query.term_query(self._schema, "id", doc_id), 1)
        if not found.hits:
            return None
        return self._from_tantivy(searcher.doc(found.hits[0][1]))

    def iter_docs(self) -> Iterator[IndexDoc]:
        """Every stored document (used to rebuild the in-memory columns)."""
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return
        found = searcher.search(Query.all_query(), searcher.num_docs, count=False)
        for _, address in found.hits:
            yield self._from_tantivy(searcher.doc(address))

    def num_docs(self) -> int:
        """How many live documents the index holds."""
        return int(self._index.searcher().num_docs)

    @staticmethod
    def _from_tantivy(stored: tantivy.Document) -> IndexDoc:
        source = json.loads(bytes(stored.get_first("source") or b"{}"))
        raw = stored.get_first("vector")
        vector = None if raw is None else np.frombuffer(raw, dtype="<f4").astype(np.float32)
        return doc_from_source(source, vector)

    def close(self) -> None:
        """Wait for merges and release the writer lock."""
        self._writer.wait_merging_threads()
