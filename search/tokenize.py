"""Chinese tokenization shared by both engines: jieba with trade terms kept whole.

Documents are indexed in jieba's search mode (a long word plus its dictionary sub-words, so
"数控车工" is findable by "数控"); queries are cut in precise mode (so "数控车工" asks for the whole
trade term). Both engines receive these tokens pre-split by spaces and index them with a plain
whitespace analyzer, so the embedded engine and Elasticsearch see exactly the same terms.
"""

from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
from importlib.metadata import version

import rjieba

# Trade terms that jieba's stock dictionary would split ("二保焊" -> "二" "保焊") or that must
# win over shorter words; the frequency makes jieba prefer them over their parts.
TRADE_TERMS: tuple[str, ...] = (
    "数控车工",
    "数控铣工",
    "数控车床",
    "数控机床",
    "数控编程",
    "数控",
    "车床",
    "车工",
    "铣工",
    "磨工",
    "钳工",
    "模具钳工",
    "装配钳工",
    "机修钳工",
    "焊工",
    "电焊工",
    "氩弧焊",
    "二保焊",
    "气保焊",
    "电焊",
    "注塑",
    "注塑模具",
    "注塑机",
    "冲压模具",
    "模具",
    "立加",
    "卧加",
    "加工中心",
    "cnc",
    "plc",
    "电工证",
    "焊工证",
    "叉车",
    "叉车证",
    "机器人",
    "工业机器人",
    "电工",
    "维修电工",
    "钣金",
    "质检",
    "品管",
    "cad",
    "solidworks",
)

_STOP_WORDS_TEXT = (
    "的 了 和 与 及 或 在 是 我 你 他 她 它 我们 有 等 也 就 都 而 且 并 对 从 把 被 让 "
    "这 那 之 以 于 为 其 中 上 下 个 能 会 要 可 可以 一 一个 及其 以及 a an the and or of to in "
    "on for with is are be"
)
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split(" "))

MAX_QUERY_TOKENS = 256
"""Queries are capped so a pasted essay cannot exceed a server's clause limit."""

_lock = threading.Lock()
_jieba: rjieba.Jieba | None = None


def _segmenter() -> rjieba.Jieba:
    """A private jieba instance (the module default is shared) with the trade terms added."""
    global _jieba
    with _lock:
        if _jieba is None:
            jieba = rjieba.Jieba()
            for term in TRADE_TERMS:
                # Words are looked up as typed; add the upper-case ASCII spelling as well.
                for spelling in {term, term.upper()}:
                    jieba.add_word(spelling, max(jieba.suggest_freq(spelling), 1000), None)
            _jieba = jieba
        return _jieba


def _keep(token: str) -> bool:
    """Drop whitespace, punctuation/symbol-only tokens and stop words."""
    if not token or token in STOP_WORDS:
        return False
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def _normalise(text: str) -> str:
    """Full-width to half-width (NFKC), so "ＰＬＣ" and "PLC" meet."""
    return unicodedata.normalize("NFKC", text)


def _clean(tokens: list[str]) -> list[str]:
    return [t for t in (tok.strip().lower() for tok in tokens) if _keep(t)]


def tokenize(text: str) -> list[str]:
    """Query tokens: jieba precise mode, trade terms whole, lower-case, no stop words."""
    return _clean(_segmenter().cut(_normalise(text)))


def tokenize_for_index(text: str) -> list[str]:
    """Document tokens: jieba search mode (words plus their sub-words), cleaned like queries."""
    return _clean(_segmenter().cut_for_search(_normalise(text)))


def tokens_for_index(text: str) -> str:
    """Document tokens joined by spaces, ready for a whitespace analyzer."""
    return " ".join(tokenize_for_index(text))


def query_terms(text: str) -> list[str]:
    """Distinct query tokens in order of first appearance, capped at MAX_QUERY_TOKENS."""
    return list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TOKENS]


_FINGERPRINT_SAMPLES = (
    "招聘数控车工，会立加、卧加和加工中心，持焊工证、电工证优先",
    "二保焊 氩弧焊 注塑机 模具钳工 ＰＬＣ编程 SolidWorks 叉车证",
    "我们是一家汽车零部件企业，为员工提供住宿和五险一金",
)


def tokenizer_fingerprint() -> str:
    """A digest of everything that decides the tokens: trade terms, stop words, rjieba's version
    (its dictionary) and the tokens of a few sample texts. Documents are tokenized before
    indexing, so when this changes an Elasticsearch index needs rebuilding (MAPPING_VERSION)."""
    state = {
        "trade_terms": TRADE_TERMS,
        "stop_words": sorted(STOP_WORDS),
        "max_query_tokens": MAX_QUERY_TOKENS,
        "rjieba": version("rjieba"),
        "documents": [tokenize_for_index(text) for text in _FINGERPRINT_SAMPLES],
        "queries": [tokenize(text) for text in _FINGERPRINT_SAMPLES],
    }
    return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()[:16]
