"""Elasticsearch index names, aliases and mappings, as code."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from search.tokenize import tokenizer_fingerprint
from search.types import IndexName

MAPPING_VERSION = 1
"""Bump when the mappings, the trade-term list or the tokenizer change (documents are tokenized
before indexing, so any of them needs a reindex): a reindex builds the next version behind the
alias. tests/search/test_mapping_version.py fails until the version and its fingerprint agree."""

MAPPING_FINGERPRINTS: dict[int, str] = {1: "d1bcb875b2c04035"}
"""index_fingerprint() of each MAPPING_VERSION; add a line per version, never edit an old one."""

DEFAULT_PREFIX = "fairmatch"


def alias_name(index: IndexName, *, prefix: str = DEFAULT_PREFIX) -> str:
    """The stable name every read and write goes through, e.g. fairmatch-postings."""
    return f"{prefix}-{index.value}"


def physical_name(
    index: IndexName, *, prefix: str = DEFAULT_PREFIX, version: int = MAPPING_VERSION
) -> str:
    """The versioned index behind the alias, e.g. fairmatch-postings-v1."""
    return f"{alias_name(index, prefix=prefix)}-v{version}"


def index_settings() -> dict[str, Any]:
    """Index settings: one shard is plenty for a city's postings and résumés."""
    return {"number_of_shards": 1, "number_of_replicas": 0}


def index_mappings(*, dim: int, vectors: bool = True) -> dict[str, Any]:
    """Mappings for postings and résumés (both share one shape).

    `title` / `body` use the built-in cjk analyzer (bigrams) for ad-hoc use; `title_tokens` /
    `body_tokens` hold search.tokenize's jieba tokens with a whitespace analyzer, which is what the
    query builders search, so Elasticsearch and the embedded engine match the same terms. Without
    vector support (an engine lacking dense_vector) the vector is kept in _source only.
    """
    vector: dict[str, Any] = (
        {
            "type": "dense_vector",
            "dims": dim,
            "index": True,
            "similarity": "cosine",
            "index_options": {"type": "int8_hnsw"},
        }
        if vectors
        else {"type": "float", "index": False, "doc_values": False}
    )
    return {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "long"},
            "title": {"type": "text", "analyzer": "cjk"},
            "body": {"type": "text", "analyzer": "cjk"},
            "title_tokens": {"type": "text", "analyzer": "whitespace"},
            "body_tokens": {"type": "text", "analyzer": "whitespace"},
            "vector": vector,
            "fair_id": {"type": "long"},
            "enterprise_id": {"type": "long"},
            "occupation_code": {"type": "keyword"},
            "occupation_group": {"type": "keyword"},
            "skill_level": {"type": "integer"},
            "district": {"type": "keyword"},
            "salary_min": {"type": "integer"},
            "salary_max": {"type": "integer"},
            "status": {"type": "keyword"},
            "open_to_recommendations": {"type": "boolean"},
        },
    }


def index_fingerprint() -> str:
    """A digest of the mappings, settings and tokenizer an index version is built with."""
    state = {
        "mappings": [index_mappings(dim=1, vectors=v) for v in (True, False)],
        "settings": index_settings(),
        "tokenizer": tokenizer_fingerprint(),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
