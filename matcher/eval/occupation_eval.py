"""Top-1 / top-5 accuracy of occupation normalization on labelled titles, vs a TF-IDF baseline."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np

from matcher.occupation_model import OccupationModel
from matcher.occupations import OccupationClassifier, TfidfIndex, candidate_rows, clean_title


def load_labelled_titles(name: str) -> list[tuple[str, str]]:
    """(title, code) rows of a file in matcher/data/eval/."""
    text = resources.files("matcher").joinpath(f"data/eval/{name}").read_text(encoding="utf-8")
    return [(row["title"], row["code"]) for row in csv.DictReader(text.splitlines())]


class NameAliasBaseline:
    """Char n-gram TF-IDF over CSCO names and aliases only: the reference to beat."""

    def __init__(self) -> None:
        self._rows = candidate_rows()
        self._index = TfidfIndex([" ".join({r.display_name, *r.aliases}) for r in self._rows])

    def classify_codes(self, title: str, *, k: int = 5) -> list[str]:
        """Codes of the k most similar occupations."""
        scores = self._index.scores(clean_title(title))
        return [self._rows[i].code for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]


def accuracy(predictions: list[list[str]], gold: list[str]) -> dict[str, float]:
    """Top-1 and top-5 accuracy of ranked code lists."""
    n = max(1, len(gold))
    top1 = sum(bool(p) and p[0] == g for p, g in zip(predictions, gold, strict=True)) / n
    top5 = sum(g in p[:5] for p, g in zip(predictions, gold, strict=True)) / n
    return {"top1": round(top1, 4), "top5": round(top5, 4), "n": len(gold)}


def evaluate_occupations(file_name: str) -> dict[str, dict[str, float]]:
    """Classifier and baseline accuracy on one labelled file."""
    rows = load_labelled_titles(file_name)
    titles, gold = [t for t, _ in rows], [c for _, c in rows]
    learned = OccupationModel.load()
    ours = [[c.code for c in cands] for cands in learned.classify_many(titles, k=5)]
    dictionary = OccupationClassifier.load()
    rules = [[c.code for c in cands] for cands in dictionary.classify_many(titles, k=5)]
    baseline = NameAliasBaseline()
    base = [baseline.classify_codes(t, k=5) for t in titles]
    return {
        "learned": accuracy(ours, gold),
        "dictionary": accuracy(rules, gold),
        "baseline_tfidf": accuracy(base, gold),
    }
