"""The uncertainty-aware occupation factor of a posting–résumé pair, as used in ranking.

A posting carries its stored distribution (postings.occupation_probs, see `posting_codes`); one
stored before that column existed has its title classified here (memoized: posting titles are
public). The résumé side uses its stored distribution if the profile carries one, else its stored
code as certain; its own text is never memoized. Lexical title similarity, the posting–résumé
embedding cosine and the two occupation probabilities are fused by TEXT_FUSION (weights learned on
pairs of real job-board titles; see matcher/eval/title_ranking.py).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from matcher.csco import occupations_by_code
from matcher.domain import PostingProfile, ResumeProfile
from matcher.occupation_fit import Distribution, minor_group
from matcher.occupations import clean_title
from matcher.title_vectors import CharNgramVectorizer, cosine
from matcher.weights import TEXT_FUSION

POSTING_CODES = 10  # codes of a posting title the ranking keeps
RESUME_CODES = 5  # codes a résumé stores (resumes.occupation_probs)


@dataclass(frozen=True, slots=True)
class OccupationEvidence:
    """How likely the résumé's occupation is the posting's, and the value of the factor."""

    p_same_occupation: float
    p_same_minor_group: float
    code: str  # the posting's most likely code, named in the explanation
    value: float


@lru_cache(maxsize=1)
def title_vectorizer() -> CharNgramVectorizer:
    """Char n-gram TF-IDF fitted on the occupation vocabulary only (no labelled titles)."""
    from matcher.occupation_training import vocabulary_entries

    return CharNgramVectorizer.fit([text for text, _ in vocabulary_entries()])


@lru_cache(maxsize=2048)
def _title_distribution(title: str) -> tuple[tuple[str, float], ...]:
    from matcher.occupation_model import OccupationModel

    return tuple(OccupationModel.load().probabilities(title)[:POSTING_CODES])


def posting_codes(
    found: Sequence[tuple[str, float]], code: str | None
) -> tuple[tuple[str, float], ...]:
    """The distribution ranking reads for a posting from its title's `found`: the top
    POSTING_CODES, or the posting's code as certain when it is set and not among them (a code
    set by hand overrides the title). Stored as postings.occupation_probs."""
    top = tuple(found[:POSTING_CODES])
    if code and all(c != code for c, _ in top):
        return ((code, 1.0),)
    return top


@dataclass(frozen=True, slots=True)
class _PostingSide:
    vector: dict[int, float]
    by_code: dict[str, float]
    by_minor: dict[str, float]
    top: str | None


@lru_cache(maxsize=2048)
def _posting_side(
    title: str, code: str | None, stored: tuple[tuple[str, float], ...]
) -> _PostingSide:
    """Everything ranking needs from a posting, computed once per posting (public data)."""
    found = stored or posting_codes(_title_distribution(title) if title else (), code)
    by_minor: dict[str, float] = {}
    for c, p in found:
        by_minor[minor_group(c)] = by_minor.get(minor_group(c), 0.0) + p
    return _PostingSide(
        vector=title_vectorizer().weights(clean_title(title)) if title else {},
        by_code=dict(found),
        by_minor=by_minor,
        top=found[0][0] if found else None,
    )


_WARMING = threading.Lock()


def warm_up(title: str = "数控车工") -> None:
    """Load what ranking a posting needs (the occupation model, its encoder, the title
    vectorizer) by scoring one title. Once per process: later calls wait for the first, then
    find it memoized."""
    with _WARMING:
        _posting_side(title, None, ())


def posting_distribution(posting: PostingProfile) -> Distribution:
    """The posting's code distribution: its stored one, else its title's, else its code."""
    side = _posting_side(posting.title, posting.occupation_code, posting.occupation_probs)
    return tuple(side.by_code.items())


ResumeSide = tuple[str, tuple[tuple[str, float], ...]]  # desired title, code distribution
# A résumé side's text features against one posting: P(same code), P(same minor group), lexical.
TextFeatureMemo = dict[ResumeSide, tuple[float, float, float]]


def _resume_distribution(resume: ResumeProfile) -> tuple[tuple[str, float], ...]:
    if resume.occupation_probs:
        return resume.occupation_probs
    return ((resume.occupation_code, 1.0),) if resume.occupation_code else ()


def _text_features(side: _PostingSide, resume: ResumeSide) -> tuple[float, float, float]:
    title, theirs = resume
    p_occ = min(1.0, sum(p * side.by_code.get(c, 0.0) for c, p in theirs))
    p_minor = min(1.0, sum(p * side.by_minor.get(minor_group(c), 0.0) for c, p in theirs))
    return p_occ, p_minor, cosine(side.vector, title_vectorizer().weights(clean_title(title)))


def occupation_evidence(
    *,
    posting: PostingProfile,
    resume: ResumeProfile,
    similarity: float,
    memo: TextFeatureMemo | None = None,
) -> OccupationEvidence | None:
    """The fused occupation evidence; None when either side has no occupation at all.

    `memo` lets one ranking call (one posting) compute the text features of each distinct
    résumé title and distribution once; only the similarity differs between such résumés. The
    caller drops it when the call returns, so no résumé text outlives the request; it must not be
    shared between postings.
    """
    side = _posting_side(posting.title, posting.occupation_code, posting.occupation_probs)
    theirs = _resume_distribution(resume)
    if side.top is None or not theirs:
        return None
    key = (resume.desired_title, theirs)
    features = memo.get(key) if memo is not None else None
    if features is None:
        features = _text_features(side, key)
        if memo is not None:
            memo[key] = features
    same, near = TEXT_FUSION.probabilities((*features, similarity))
    return OccupationEvidence(
        p_same_occupation=same,
        p_same_minor_group=near,
        code=side.top,
        value=(3.0 * same + near - same) / 3.0,
    )


def occupation_label(code: str) -> str:
    """Display name of a code for explanations."""
    occ = occupations_by_code().get(code)
    return occ.display_name if occ else code
