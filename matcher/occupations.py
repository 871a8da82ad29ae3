"""Normalize free-text job titles (Chinese, English, shop slang) to CSCO 2022 occupation codes.

Two signals are fused. A term dictionary — the hand-curated trade terms in data/trade_terms.csv
plus every CSCO name and job-board alias — is matched as substrings of the cleaned title, longest
first; the rightmost match is the head noun of a Chinese title ("汽车零部件焊工" is a welder).
A char n-gram TF-IDF over names/aliases and, with a lower weight, definitions and tasks covers
titles no term names.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from matcher.csco import Occupation, load_occupations, occupations_by_code, shared_depth
from matcher.title_vectors import char_ngrams

MAX_TITLE_CHARS = 60
_TERM_WEIGHT = 0.7  # share of the term signal in the fused score; the rest is TF-IDF
_NAME_FIELD_WEIGHT = 0.75  # names/aliases vs definition+tasks inside the TF-IDF signal
_CURATED_BONUS = 0.08
_DEPTH_SCORES = {4: 1.0, 3: 0.75, 2: 0.45, 1: 0.2, 0: 0.0}

_NOISE_RE = re.compile(
    r"\d+(?:\.\d+)?\s*[kK千万wW]?\s*(?:[-~至到]\s*\d+(?:\.\d+)?\s*[kK千万wW]?)?\s*(?:元|/月|/天|/时|每月|薪)?"
    r"|[一二三四五六七八九十两]+(?:名|人|班倒)"
    r"|急招|急聘|诚聘|高薪|招聘(?!专员|主管|经理|助理|顾问|师)|直招|热招|包吃住|包吃|包住|长白班|白班|夜班|倒班|两班|做六休一"
    r"|五险一金|五险|社保|双休|单休|大小休|月休|日结|周结|月结|底薪|月薪|年薪|提成|加班费?|补贴|奖金"
    r"|正式工|临时工|小时工|暑假工|寒假工|兼职|全职|实习生?|见习|储备|熟练|资深|有经验|无经验|经验"
    r"|可带|带教|学徒|师傅|男女不限|限男|限女|男工|女工|若干|多名|数名|大量|优先|常驻|出差"
    r"|上班|工作|岗位|职位|人员|直聘|厂直|厂里|本厂|大厂|工厂|公司|企业|常州|武进|新北|金坛|溧阳"
    r"|天宁|钟楼|江苏|苏州|无锡|南京|上海|高级|中级|初级|一级|二级|三级|[（(【\[][^)）】\]]{0,12}[)）】\]]",
)
_SPACE_RE = re.compile(r"[\s·•/|、,，;；:：\-_+()（）【】\[\]<>《》!！?？.。]+")
_ASCII_RE = re.compile(r"[a-z0-9]")
# Activity words that name no trade: in "电芯装配工" or "forklift driver" the modifier is the trade.
_GENERIC_WORDS = """装配 组装 装配工 组装工 司机 驾驶员 调试 设备调试 操作 操作工 操作员 维修 维修工
运维 设计 技术员 工程师 专员 助理 主管 经理 包装
driver operator assembler assembly technician worker engineer"""
_GENERIC_TERMS = frozenset(_GENERIC_WORDS.split())


@dataclass(frozen=True, slots=True)
class OccupationCandidate:
    """One CSCO occupation suggested for a title, with a confidence score in [0, 1]."""

    code: str
    name: str
    score: float


def clean_title(title: str) -> str:
    """The title with salary, shift, benefit and recruiting noise removed, lower-cased."""
    text = unicodedata.normalize("NFKC", title)[: MAX_TITLE_CHARS * 2].lower()
    text = _NOISE_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()[:MAX_TITLE_CHARS]


def top_k_stable(values: NDArray[np.float64], k: int) -> list[int]:
    """Indices of the k largest values, largest first, ties by index: a stable sort's first k
    (every value tied with the k-th is looked at, so the answer does not depend on argpartition)."""
    if len(values) <= k:
        return [int(i) for i in np.argsort(-values, kind="stable")]
    kth = np.partition(values, len(values) - k)[len(values) - k]
    picked = np.flatnonzero(values >= kth)
    return [int(i) for i in picked[np.lexsort((picked, -values[picked]))][:k]]


class TfidfIndex:
    """Cosine similarity over char n-gram TF-IDF vectors, as a sparse n-gram × document matrix."""

    def __init__(self, documents: Sequence[str], *, sizes: tuple[int, ...] = (1, 2, 3)) -> None:
        self._sizes = sizes
        counts = [char_ngrams(doc.lower(), sizes) for doc in documents]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n_docs = len(documents)
        self._idf = {g: math.log((1 + n_docs) / (1 + f)) + 1.0 for g, f in df.items()}
        self._row = {g: i for i, g in enumerate(self._idf)}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for doc_id, c in enumerate(counts):
            weights = {g: (1 + math.log(tf)) * self._idf[g] for g, tf in c.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for g, w in weights.items():
                rows.append(self._row[g])
                columns.append(doc_id)
                values.append(w / norm)
        self._matrix = sparse.csr_matrix(
            (values, (rows, columns)), shape=(len(self._row), n_docs), dtype=np.float64
        )
        self.size = n_docs

    def scores(self, text: str) -> NDArray[np.float64]:
        """Cosine similarity of the text to every document."""
        result: NDArray[np.float64] = self.scores_many([text])[0]
        return result

    def scores_many(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """`scores` of each text, one row per text (one sparse product for all of them)."""
        columns: list[int] = []
        values: list[float] = []
        ends = [0]
        for text in texts:
            weights = {
                self._row[g]: (1 + math.log(tf)) * self._idf[g]
                for g, tf in char_ngrams(text, self._sizes).items()
                if g in self._idf
            }
            norm = math.sqrt(sum(w * w for w in weights.values()))
            columns.extend(weights)
            values.extend(w / norm for w in weights.values())
            ends.append(len(columns))
        queries = sparse.csr_matrix(
            (np.array(values), np.array(columns, dtype=np.int32), np.array(ends, dtype=np.int32)),
            shape=(len(texts), len(self._row)),
        )
        result: NDArray[np.float64] = (queries @ self._matrix).toarray()
        return result


@cache
def read_trade_terms() -> tuple[tuple[str, str], ...]:
    """(term, code) rows of data/trade_terms.csv, terms lower-cased."""
    text = resources.files("matcher").joinpath("data/trade_terms.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple((row["term"].strip().lower(), row["code"].strip()) for row in rows)


def _short_name(name: str) -> str:
    """The display name without generic suffixes, e.g. 车工 stays, 焊接工程技术人员 → 焊接工程."""
    for suffix in ("工程技术人员", "专业人员", "人员"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def candidate_rows() -> list[Occupation]:
    """Level-4 occupations plus the broader groups that job boards actually use as targets."""
    curated = {code for _, code in read_trade_terms()}
    rows = []
    for occ in load_occupations():
        has_board_alias = any(a != occ.name for a in occ.aliases)
        if occ.level == 4 or occ.code in curated or (occ.level == 3 and has_board_alias):
            rows.append(occ)
    seen: set[str] = set()
    return [r for r in rows if not (r.code in seen or seen.add(r.code))]  # type: ignore[func-returns-value]


class OccupationClassifier:
    """Title → ranked CSCO occupations; build once with `load()` and share."""

    def __init__(self, rows: Sequence[Occupation], terms: Iterable[tuple[str, str]]) -> None:
        self._rows = list(rows)
        self._index_of = {occ.code: i for i, occ in enumerate(self._rows)}
        self._terms: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for term, code in terms:
            if code in self._index_of and len(term) >= 2:
                self._add_term(term, self._index_of[code], curated=True)
        for i, occ in enumerate(self._rows):
            short = {_short_name(occ.display_name)} if occ.level == 4 else set()
            for name in {occ.display_name, *short, *occ.aliases}:
                name = unicodedata.normalize("NFKC", name).strip().lower().rstrip("ls/ ")
                if len(name) >= 2:
                    self._add_term(name, i, curated=False)
        self._max_term = max(map(len, self._terms))
        self._names = TfidfIndex([" ".join({r.display_name, *r.aliases}) for r in self._rows])
        # Bigrams only for the long fields: trigrams there cost build time for no measured gain.
        self._texts = TfidfIndex(
            [f"{r.display_name} {r.definition} {r.tasks}" for r in self._rows], sizes=(1, 2)
        )

    def _add_term(self, term: str, index: int, *, curated: bool) -> None:
        entries = self._terms[term]
        if all(i != index for i, _ in entries):
            entries.append((index, curated))

    @classmethod
    def load(cls) -> OccupationClassifier:
        """The classifier over the shipped CSCO table and trade terms, built once per process."""
        return _default_classifier()

    def _match_terms(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping dictionary matches (start, end, term), longest first."""
        found: list[tuple[int, int, str]] = []
        for start in range(len(text)):
            for end in range(min(len(text), start + self._max_term), start + 1, -1):
                term = text[start:end]
                if term not in self._terms:
                    continue
                if _ASCII_RE.match(term[0]) and start > 0 and _ASCII_RE.match(text[start - 1]):
                    continue
                if _ASCII_RE.match(term[-1]) and end < len(text) and _ASCII_RE.match(text[end]):
                    continue
                found.append((start, end, term))
        found.sort(key=lambda m: (m[0] - m[1], -m[0]))
        chosen: list[tuple[int, int, str]] = []
        for m in found:
            if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
                chosen.append(m)
        return sorted(chosen)

    def _term_scores(self, text: str) -> NDArray[np.float64]:
        scores = np.zeros(len(self._rows))
        matches = self._match_terms(text)
        core_len = max(1, len(text.replace(" ", "")))
        specific = [m for m in matches if m[2] not in _GENERIC_TERMS]
        head = (specific or matches)[-1] if matches else None
        for start, end, term in matches:
            is_head = (start, end, term) == head
            coverage = (end - start) / core_len
            entries = self._terms[term]
            has_curated = any(c for _, c in entries)
            for index, curated in entries:
                value = 0.55 + 0.25 * coverage + (0.12 if is_head else 0.0)
                if term in _GENERIC_TERMS and head and head[2] != term:
                    value -= 0.1
                if curated:
                    value += _CURATED_BONUS
                elif has_curated:
                    value -= 0.1
                scores[index] = max(scores[index], min(1.0, value))
        return scores

    def classify(self, title: str, *, k: int = 5) -> list[OccupationCandidate]:
        """Top-k CSCO occupations for a job title; [] for empty or unrecognizable input."""
        return self.classify_many([title], k=k)[0]

    def classify_many(
        self, titles: Sequence[str], *, k: int = 5
    ) -> list[list[OccupationCandidate]]:
        """`classify` for each title, in order (the TF-IDF scores of all in one product)."""
        texts = [clean_title(t) if isinstance(t, str) else "" for t in titles]
        out: list[list[OccupationCandidate]] = [[] for _ in texts]
        known = [i for i, text in enumerate(texts) if text]
        if k <= 0 or not known:
            return out
        tfidf = _NAME_FIELD_WEIGHT * self._names.scores_many([texts[i] for i in known])
        tfidf += (1 - _NAME_FIELD_WEIGHT) * self._texts.scores_many([texts[i] for i in known])
        for row, i in enumerate(known):
            fused = _TERM_WEIGHT * self._term_scores(texts[i]) + (1 - _TERM_WEIGHT) * tfidf[row]
            out[i] = [
                OccupationCandidate(
                    code=self._rows[j].code,
                    name=self._rows[j].display_name,
                    score=round(float(min(1.0, fused[j])), 4),
                )
                for j in top_k_stable(fused, k)
                if fused[j] > 0
            ]
        return out


@cache
def _default_classifier() -> OccupationClassifier:
    return OccupationClassifier(candidate_rows(), read_trade_terms())


def occupation_name(code: str) -> str:
    """The display name of a CSCO code ("6-18-01-01" → 车工); the code itself when unknown."""
    occ = occupations_by_code().get(code)
    return occ.display_name if occ else code


def hierarchy_score(code_a: str | None, code_b: str | None) -> float:
    """Closeness of two codes: 1.0 same occupation > minor > middle > major group > 0."""
    if not code_a or not code_b:
        return 0.0
    depth = shared_depth(code_a, code_b)
    if depth == 4:
        return 1.0
    # A group code like 6-18-01-00 sits at its depth of non-zero segments; sharing all of it counts
    # as same minor group, not same occupation.
    return _DEPTH_SCORES[depth]
