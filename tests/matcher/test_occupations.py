from __future__ import annotations

import pytest

from matcher.occupations import OccupationClassifier, hierarchy_score, occupation_name


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("立加操作工", "6-18-01-07"),
        ("CNC车工", "6-18-01-01"),
        ("电焊工", "6-18-02-04"),
        ("二保焊", "6-18-02-04"),
        ("氩弧焊工", "6-18-02-04"),
        ("注塑机调机", "6-14-02-00"),
        ("PLC工程师", "2-02-07-07"),
        ("设备维修电工", "6-31-01-03"),
        ("模具钳工", "6-18-04-01"),
        ("QC", "6-31-03-05"),
        ("叉车司机", "6-30-05-01"),
        ("CNC machinist", "6-18-01-07"),
        ("welder", "6-18-02-04"),
        ("急招数控车床师傅 8000-12000 包吃住 长白班", "6-18-01-01"),
        ("机械工程师", "2-02-07-00"),
    ],
)
def test_classify_top1(classifier: OccupationClassifier, title: str, code: str) -> None:
    assert classifier.classify(title)[0].code == code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("汽车零部件焊工", "6-18-02-04"),
        ("锂电池设备维修", "6-24-04-00"),
        ("光伏组件串焊工", "6-18-02-04"),
    ],
)
def test_classify_top5(classifier: OccupationClassifier, title: str, code: str) -> None:
    assert code in [c.code for c in classifier.classify(title, k=5)]


def test_candidates_sorted_scored_and_bounded(classifier: OccupationClassifier) -> None:
    cands = classifier.classify("数控车床操作工", k=5)
    assert len(cands) == 5
    assert all(0.0 <= c.score <= 1.0 for c in cands)
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert cands[0].name == "车工"


@pytest.mark.parametrize("title", ["", "   ", "￥%……&*", "12345"])
def test_garbage_gives_nothing(classifier: OccupationClassifier, title: str) -> None:
    assert classifier.classify(title) == []


def test_garbage_scores_low_and_long_input_is_fine(classifier: OccupationClassifier) -> None:
    assert all(c.score < 0.3 for c in classifier.classify("xyzzy qwerty"))
    assert classifier.classify("焊工" + "啊" * 100000)  # truncated, not an error


def test_classify_many_matches_classify(classifier: OccupationClassifier) -> None:
    titles = ["电工", "", "仓管员"]
    assert classifier.classify_many(titles, k=3) == [classifier.classify(t, k=3) for t in titles]


def test_load_is_cached() -> None:
    assert OccupationClassifier.load() is OccupationClassifier.load()


def test_hierarchy_score_orders_depths() -> None:
    same = hierarchy_score("6-18-01-01", "6-18-01-01")
    minor = hierarchy_score("6-18-01-01", "6-18-01-02")
    middle = hierarchy_score("6-18-01-01", "6-18-02-04")
    major = hierarchy_score("6-18-01-01", "6-31-01-03")
    other = hierarchy_score("6-18-01-01", "4-07-05-01")
    assert same == 1.0 > minor > middle > major > other == 0.0
    assert hierarchy_score(None, "6-18-01-01") == 0.0


def test_occupation_name() -> None:
    assert occupation_name("6-18-01-01") == "车工"
    assert occupation_name("2-02-07-07") == "自动控制工程技术人员"
    assert occupation_name("9-99-99-99") == "9-99-99-99"
