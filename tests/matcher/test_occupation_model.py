"""The learned occupation model: group-code answers, bad input, the model file and its errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.occupation_codes import code_prefix, is_group_code
from matcher.occupation_model import OccupationModel, OccupationModelError, shipped_model_path
from matcher.occupation_training import read_dev_titles, train_model


@pytest.fixture(scope="module")
def model() -> OccupationModel:
    return OccupationModel.load()


def test_group_codes_are_recognized() -> None:
    assert code_prefix("6-18-01-00") == ("6", "18", "01")
    assert code_prefix("2-00-00-00") == ("2",)
    assert is_group_code("6-18-01-00") and is_group_code("4-01-00-00")
    assert not is_group_code("6-18-01-01")


def test_vague_titles_get_group_codes(model: OccupationModel) -> None:
    # The dev titles label these with group codes; the model must be able to answer with them.
    assert model.classify("会计", k=1)[0].code == "2-06-03-00"
    assert model.classify("销售", k=1)[0].code == "4-01-02-00"


def test_specific_titles_get_occupations(model: OccupationModel) -> None:
    top = model.classify("电焊工 包吃住 月薪8000", k=1)[0]
    assert top.code == "6-18-02-04" and top.name == "焊工"
    assert not is_group_code(model.classify("数控车工", k=1)[0].code)


def test_probabilities_are_sorted_and_sum_to_at_most_one(model: OccupationModel) -> None:
    found = model.probabilities("数控车床操作工")
    probs = [p for _, p in found]
    assert probs == sorted(probs, reverse=True)
    assert 0.0 < sum(probs) <= 1.0 + 1e-9
    assert len({c for c, _ in found}) == len(found)


@pytest.mark.parametrize("title", ["", "   ", "!!!!", "？？？", "123456"])
def test_empty_and_noise_give_nothing(model: OccupationModel, title: str) -> None:
    assert model.classify(title) == []


def test_garbage_scores_low_and_huge_input_is_fine(model: OccupationModel) -> None:
    assert all(c.score < 0.5 for c in model.classify("xqzvw kjhgf"))
    assert len(model.classify("焊工" * 5000, k=3)) <= 3
    assert model.classify(None) == []  # type: ignore[arg-type]


def test_missing_model_file_names_the_rebuild_command(tmp_path: Path) -> None:
    with pytest.raises(OccupationModelError, match="fairmatch occupations train"):
        OccupationModel.load(tmp_path / "nope.npz")


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04truncated"])
def test_corrupt_model_file_names_the_rebuild_command(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(content)
    with pytest.raises(OccupationModelError, match="fairmatch occupations train"):
        OccupationModel.load(path)


@pytest.mark.parametrize("missing", ["coef", "linear_data", "head_keys"])
def test_model_file_missing_an_array_is_corrupt(tmp_path: Path, missing: str) -> None:
    path = tmp_path / "model.npz"
    with np.load(shipped_model_path(), allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files if k != missing}
    np.savez(path, **arrays)
    with pytest.raises(OccupationModelError, match="corrupt"):
        OccupationModel.load(path)


def test_model_file_with_mismatched_linear_arrays_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    with np.load(shipped_model_path(), allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    arrays["linear_intercept"] = arrays["linear_intercept"][:-1]
    np.savez(path, **arrays)
    with pytest.raises(OccupationModelError, match="fairmatch occupations train"):
        OccupationModel.load(path)


def test_shipped_model_is_small() -> None:
    assert shipped_model_path().stat().st_size < 5_000_000


def test_training_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    titles = list(read_dev_titles()[:150])
    first, second = train_model(titles), train_model(titles)
    assert np.array_equal(first.ranker.coef, second.ranker.coef)
    assert (first.index.linear.weights != second.index.linear.weights).nnz == 0
    first.save(tmp_path / "m.npz")
    loaded = OccupationModel.load(tmp_path / "m.npz")
    for title in ("焊工", "仓库管理员", "前台接待"):
        before, after = first.probabilities(title)[:3], loaded.probabilities(title)[:3]
        assert [c for c, _ in after] == [c for c, _ in before]
        assert [p for _, p in after] == pytest.approx([p for _, p in before], abs=1e-4)


def test_classify_many_matches_classify(model: OccupationModel) -> None:
    titles = ["电焊工", "", "理财规划师", "会计", "???", "数控车床操作工 包吃住"]
    many = model.classify_many(titles, k=3)
    assert len(many) == len(titles) and many[1] == [] and many[4] == []
    for title, batch in zip(titles, many, strict=True):
        single = model.classify(title, k=3)
        assert [c.code for c in batch] == [c.code for c in single]
        assert [c.score for c in batch] == pytest.approx([c.score for c in single], abs=1e-6)


def test_semantic_neighbours_vote_and_int8_round_trip() -> None:
    from matcher.title_semantic import TitleSemantics, dequantize, quantize

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(4, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    back = dequantize(*quantize(vectors))
    assert np.abs(back - vectors).max() < 0.02
    semantics = TitleSemantics(
        title_vectors=back,
        title_codes=["a", "a", "b", "c"],
        name_vectors=back[2:],
        name_codes=["b", "c"],
    )
    found = semantics.evidence(back[0])
    assert found.best["a"] == pytest.approx(1.0, abs=1e-5)
    assert max(found.votes, key=found.votes.__getitem__) == "a"
    hidden = semantics.evidence(back[0], exclude=0)  # training hides the title itself
    assert hidden.best["a"] < 0.99
    assert found.name_top[0] in {"b", "c"} and found.name_cosine("x") == 0.0
    assert semantics.evidence_many(back[:2])[0].votes == pytest.approx(found.votes)
