"""A small résumé-like corpus with hand-placed vectors, shared by the backend tests."""

from __future__ import annotations

import numpy as np

from search.types import IndexDoc, Vector

DIM = 8


def axis(i: int, tilt: float = 0.0, towards: int = 7) -> Vector:
    """A unit-ish vector along axis i, optionally tilted towards another axis."""
    v = np.zeros(DIM, dtype=np.float32)
    v[i] = 1.0
    v[towards] += tilt
    return v


CORPUS: list[IndexDoc] = [
    IndexDoc(
        id=1,
        title="数控车工",
        body="熟练操作数控车床和加工中心，看懂图纸，五年汽车零部件加工经验",
        vector=axis(0),
        fair_id=1,
        enterprise_id=10,
        occupation_code="6-18-01-01",
        occupation_group="6-18",
        skill_level=3,
        district="武进区",
        salary_min=6000,
        salary_max=9000,
        status="open",
    ),
    IndexDoc(
        id=2,
        title="焊工",
        body="氩弧焊、二保焊都会，持焊工证",
        vector=axis(1),
        fair_id=1,
        enterprise_id=11,
        occupation_code="6-18-02-04",
        occupation_group="6-18",
        skill_level=2,
        district="新北区",
        salary_min=5000,
        salary_max=7000,
        status="open",
    ),
    IndexDoc(
        id=3,
        title="模具钳工",
        body="注塑模具装配与维修，会用立加",
        vector=axis(0, 0.5),
        fair_id=2,
        enterprise_id=10,
        occupation_code="6-18-04-02",
        occupation_group="6-18",
        skill_level=4,
        district="武进区",
        salary_min=8000,
        salary_max=12000,
        status="closed",
    ),
    IndexDoc(
        id=4,
        title="维修电工",
        body="PLC 编程，持电工证，懂工业机器人维护",
        vector=axis(2),
        fair_id=2,
        enterprise_id=12,
        occupation_code="6-31-01-03",
        occupation_group="6-31",
        skill_level=5,
        district="天宁区",
        status="open",
        open_to_recommendations=False,
    ),
    IndexDoc(
        id=5,
        title="叉车司机",
        body="持叉车证，仓库物流三年",
        vector=axis(3),
        fair_id=None,
        enterprise_id=None,
        occupation_code="4-02-03-01",
        occupation_group="4-02",
        skill_level=None,
        district="新北区",
        salary_min=4500,
        salary_max=None,
        status="open",
    ),
    IndexDoc(
        id=6,
        title="普通钳工",
        body="钳工 装配 划线 钻孔",
        vector=axis(0, 1.0),
        fair_id=1,
        enterprise_id=11,
        occupation_code="6-18-04-01",
        occupation_group="6-18",
        skill_level=1,
        district="武进区",
        salary_min=None,
        salary_max=5500,
        status="open",
    ),
]


def by_id(doc_id: int) -> IndexDoc:
    """The corpus document with this id."""
    return next(doc for doc in CORPUS if doc.id == doc_id)
