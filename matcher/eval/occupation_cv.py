"""K-fold cross-validation of occupation classifiers on the real job-board titles (dev half).

Each fold's titles are left out of training (CSCO text and trade terms are always allowed), so no
title is scored by a model that saw it. Reported overall and by major group: 2- (professionals),
4- (services), 6- (production) and manufacturing (6- plus 2-02-, engineering).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matcher.eval.occupation_eval import NameAliasBaseline
from matcher.occupation_model import PROBABILITY_TEMPERATURE
from matcher.occupation_training import read_dev_titles, train_model
from matcher.occupations import OccupationClassifier

FOLDS = 5
SEED = 23
Predictor = Callable[[str], list[tuple[str, float]]]
GROUPS: dict[str, Callable[[str], bool]] = {
    "all": lambda code: True,
    "major_2": lambda code: code.startswith("2-"),
    "major_4": lambda code: code.startswith("4-"),
    "major_6": lambda code: code.startswith("6-"),
    "manufacturing": lambda code: code.startswith(("6-", "2-02-")),
}


def fold_ids(n: int, *, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A seeded, balanced fold number for each of n rows."""
    order = np.random.default_rng(seed).permutation(n)
    ids = np.empty(n, dtype=np.int64)
    ids[order] = np.arange(n) % folds
    return ids


def accuracy_by_group(
    gold: Sequence[str], predicted: Sequence[Sequence[str]]
) -> dict[str, dict[str, float | int]]:
    """Top-1 / top-5 exact-code accuracy overall and per group."""
    out: dict[str, dict[str, float | int]] = {}
    for name, member in GROUPS.items():
        rows = [(g, p) for g, p in zip(gold, predicted, strict=True) if member(g)]
        if not rows:
            continue
        out[name] = {
            "n": len(rows),
            "top1": round(sum(bool(p) and p[0] == g for g, p in rows) / len(rows), 4),
            "top5": round(sum(g in p[:5] for g, p in rows) / len(rows), 4),
        }
    return out


def refit_temperature(
    gold: Sequence[str], predictions: Sequence[Sequence[tuple[str, float]]]
) -> float:
    """The temperature that minimizes the log-loss of the out-of-fold predictions.

    A title's scores are recovered from its probabilities (log p / p(none)), so the answer is
    the shipped PROBABILITY_TEMPERATURE times the factor that would rescale them best.
    """
    from scipy.optimize import minimize_scalar

    rows = []
    for code, found in zip(gold, predictions, strict=True):
        if not found:
            continue
        probs = np.array([p for _, p in found])
        none = max(1e-300, 1.0 - float(probs.sum()))
        scores = np.log(np.maximum(probs, 1e-300) / none)
        rows.append((scores, np.array([c == code for c, _ in found], dtype=np.float64)))

    def log_loss(factor: float) -> float:
        total = 0.0
        for scores, labels in rows:
            z = scores / factor
            top = max(0.0, float(z.max()))
            total += top + float(np.log(np.exp(z - top).sum() + np.exp(-top))) - float(z @ labels)
        return total

    found = minimize_scalar(log_loss, bounds=(0.2, 5.0), method="bounded")
    return round(PROBABILITY_TEMPERATURE * float(found.x), 3)


def cross_validated_predictions(
    *, folds: int = FOLDS
) -> tuple[list[tuple[str, str]], list[list[tuple[str, float]]]]:
    """The dev titles and, for each, the learned model's out-of-fold code probabilities."""
    rows = list(read_dev_titles())
    ids = fold_ids(len(rows), folds=folds)
    predictions: list[list[tuple[str, float]]] = [[] for _ in rows]
    for fold in range(folds):
        model = train_model([r for r, f in zip(rows, ids, strict=True) if f != fold])
        held = np.flatnonzero(ids == fold)
        for i, found in zip(
            held, model.probabilities_many([rows[i][0] for i in held]), strict=True
        ):
            predictions[i] = found
    return rows, predictions


def evaluate_occupations_cv(
    *, folds: int = FOLDS
) -> tuple[dict[str, object], list[tuple[str, str]], list[list[tuple[str, float]]]]:
    """Learned model (k-fold) vs the dictionary classifier, plus calibration of the top-1.

    Also returns the titles and their out-of-fold distributions for the ranking benchmark.
    """
    rows, predictions = cross_validated_predictions(folds=folds)
    gold = [code for _, code in rows]
    learned = [[c for c, _ in p[:5]] for p in predictions]
    dictionary = OccupationClassifier.load()
    rules = [[c.code for c in dictionary.classify(t, k=5)] for t, _ in rows]
    names = NameAliasBaseline()
    baseline = [names.classify_codes(t, k=5) for t, _ in rows]
    confidence = [p[0][1] if p else 0.0 for p in predictions]
    correct = [bool(p) and p[0] == g for g, p in zip(gold, learned, strict=True)]
    bins = []
    for lo, hi in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        inside = [c for c, p in zip(correct, confidence, strict=True) if lo <= p < hi]
        if inside:
            mean_p = np.mean([p for p in confidence if lo <= p < hi])
            bins.append(
                {
                    "p": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "n": len(inside),
                    "mean_p": round(float(mean_p), 3),
                    "accuracy": round(sum(inside) / len(inside), 3),
                }
            )
    report: dict[str, object] = {
        "titles": len(rows),
        "folds": folds,
        "group_code_labels": sum(code.endswith("-00") for code in gold),
        "learned": accuracy_by_group(gold, learned),
        "baseline_dictionary": accuracy_by_group(gold, rules),
        "baseline_char_tfidf": accuracy_by_group(gold, baseline),
        "calibration_top1": bins,
        "calibration": {
            "temperature_shipped": PROBABILITY_TEMPERATURE,
            "temperature_refit": refit_temperature(gold, predictions),
        },
    }
    return report, rows, predictions
