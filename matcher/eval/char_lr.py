"""The issue's reference model under the same folds: a plain char 1–3-gram logistic regression.

Issue 23 gives its held-out score (trained on the whole dev half: about 57 % / 78 % top-1 / top-5).
Scoring it here with the k-fold split `python -m matcher.eval` uses shows how far cross-validation
on the dev half sits below a held-out score for the same kind of model, so the learned model's CV
figures can be read against the held-out goals. Slow (a multinomial fit over ~900 codes per
fold), so it is not part of `python -m matcher.eval`:

    python -m matcher.eval.char_lr [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from matcher.eval.occupation_cv import FOLDS, accuracy_by_group, fold_ids
from matcher.occupation_training import read_dev_titles


def char_lr_cv(*, folds: int = FOLDS, c: float = 10.0) -> dict[str, object]:
    """Top-1 / top-5 by group of the char 1–3-gram TF-IDF logistic regression, out of fold."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = list(read_dev_titles())
    texts = [t for t, _ in rows]
    gold = [code for _, code in rows]
    ids = fold_ids(len(rows), folds=folds)
    predicted: list[list[str]] = [[] for _ in rows]
    for fold in range(folds):
        train, test = np.flatnonzero(ids != fold), np.flatnonzero(ids == fold)
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(vectorizer.fit_transform([texts[i] for i in train]), [gold[i] for i in train])
        probs = model.predict_proba(vectorizer.transform([texts[i] for i in test]))
        for row, i in zip(np.argsort(-probs, axis=1)[:, :5], test, strict=True):
            predicted[i] = [str(model.classes_[j]) for j in row]
    return {
        "model": f"char 1-3-gram TF-IDF (sublinear tf) + multinomial logistic regression, C={c}",
        "folds": folds,
        "accuracy": accuracy_by_group(gold, predicted),
    }


def main() -> None:
    """Print the reference model's cross-validated accuracy as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=FOLDS)
    args = parser.parse_args()
    started = time.perf_counter()
    report = char_lr_cv(folds=args.folds)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
