"""The pruned linear title classifier: margins rank the right code, degenerate inputs are safe."""

from __future__ import annotations

from matcher.title_linear import fit_title_linear
from matcher.title_vectors import CharNgramVectorizer

TITLES = [
    ("电焊工", "6-18-02-04"),
    ("氩弧焊工", "6-18-02-04"),
    ("二保焊 焊工", "6-18-02-04"),
    ("数控车工", "6-18-01-01"),
    ("cnc 车工", "6-18-01-01"),
    ("普通车工", "6-18-01-01"),
    ("仓库管理员", "4-02-06-03"),
    ("仓管员", "4-02-06-03"),
]


def test_margins_rank_the_trained_code_first() -> None:
    vectorizer = CharNgramVectorizer.fit([t for t, _ in TITLES])
    model = fit_title_linear(vectorizer.transform([t for t, _ in TITLES]), [c for _, c in TITLES])
    for text, code in (("焊工", "6-18-02-04"), ("车工师傅", "6-18-01-01"), ("仓库", "4-02-06-03")):
        margins = model.margins(vectorizer.transform([text]))
        assert max(margins, key=margins.__getitem__) == code


def test_one_or_two_codes_do_not_break_fitting() -> None:
    vectorizer = CharNgramVectorizer.fit(["焊工", "车工"])
    rows = vectorizer.transform(["焊工", "车工"])
    assert fit_title_linear(rows[:1], ["6-18-02-04"]).margins(rows[0]) == {"6-18-02-04": 0.0}
    two = fit_title_linear(rows, ["6-18-02-04", "6-18-01-01"])
    margins = two.margins(rows[1])
    assert margins["6-18-01-01"] > margins["6-18-02-04"]
