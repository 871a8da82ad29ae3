"""Search queries expanded with the occupation vocabulary: 电焊 also asks for 焊工, CNC for 数控.

Terms found in a query (trade terms, CSCO occupation names, English names, abbreviations; the
longest match wins) add their occupation's CSCO name, its first trade terms and their listed
synonyms (data/search_synonyms.csv). The original text always comes first and is kept whole.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources

from matcher.csco import load_occupations, occupations_by_code
from matcher.domain import PostingProfile
from matcher.occupations import read_trade_terms

MAX_EXTRA_TERMS = 12
_TERMS_PER_CODE = 3
MAX_QUERY_CHARS = 500


@cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    text = resources.files("matcher").joinpath("data/search_synonyms.csv").read_text("utf-8")
    out: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(text.splitlines()):
        out[row["term"].strip().lower()].append(row["synonym"].strip())
    return {term: tuple(values) for term, values in out.items()}


@cache
def _vocabulary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """term → codes it names, and code → its canonical search terms."""
    codes_of: dict[str, list[str]] = defaultdict(list)
    terms_of: dict[str, list[str]] = defaultdict(list)
    for term, code in read_trade_terms():
        if len(term) >= 2 and code not in codes_of[term]:
            codes_of[term].append(code)
            terms_of[code].append(term)
    for occ in load_occupations():
        name = occ.display_name.lower()
        if occ.level == 4 and len(name) >= 2 and occ.code not in codes_of[name]:
            codes_of[name].append(occ.code)
    return (
        {t: tuple(c) for t, c in codes_of.items()},
        {c: tuple(t[:_TERMS_PER_CODE]) for c, t in terms_of.items()},
    )


@cache
def _term_re() -> re.Pattern[str]:
    terms = sorted({*_vocabulary()[0], *_synonyms()}, key=lambda t: (-len(t), t))
    return re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![a-z0-9])"
    )


def expansion_terms(text: str) -> list[str]:
    """Terms to add to a query (at most MAX_EXTRA_TERMS), none already in it."""
    query = unicodedata.normalize("NFKC", text or "")[:MAX_QUERY_CHARS].lower()
    if not query.strip():
        return []
    codes_of, terms_of = _vocabulary()
    known = occupations_by_code()
    extra: list[str] = []
    for match in _term_re().finditer(query):
        term = match.group(0)
        extra.extend(_synonyms().get(term, ()))
        for code in codes_of.get(term, ()):
            if code in known:
                extra.append(known[code].display_name)
            extra.extend(terms_of.get(code, ()))
    seen: set[str] = set()
    out = []
    for term in extra:
        key = term.lower()
        if key not in seen and key not in query:
            seen.add(key)
            out.append(term)
    return out[:MAX_EXTRA_TERMS]


def expand_query(text: str) -> str:
    """The query followed by its expansion terms, space-separated."""
    extra = expansion_terms(text)
    return " ".join([text, *extra]) if extra else text


RETRIEVAL_MIN_PROBABILITY = 0.25


def retrieval_query(posting: PostingProfile) -> str:
    """The candidate-retrieval query of a posting: its title, the names of the occupations it is
    likely to be (not only the top-1, so a misclassified title still retrieves its trade), and
    the vocabulary expansion of the title."""
    from matcher.occupation_match import posting_distribution

    known = occupations_by_code()
    names = [
        known[code].display_name
        for code, p in posting_distribution(posting)
        if p >= RETRIEVAL_MIN_PROBABILITY and code in known
    ]
    return expand_query(" ".join([posting.title, *dict.fromkeys(names)]))
