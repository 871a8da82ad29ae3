"""Build fairs, enterprises, postings and résumés through the public API."""

from __future__ import annotations

import itertools
from typing import Any

from tests.services.conftest import ADMIN_TOKEN, Api

_phones = itertools.count(13800000000)
_booths = itertools.count(1)

FAIR = {
    "name": "常州市武进区春季技能人才招聘会",
    "venue": "武进人力资源市场",
    "starts_at": "2025-03-01T08:30:00+08:00",
    "ends_at": "2025-03-01T12:00:00+08:00",
}


async def make_fair(api: Api, **overrides: Any) -> int:
    response = await api.request("POST", "/api/fairs", token=ADMIN_TOKEN, json=FAIR | overrides)
    assert response.status_code == 201, response.text
    fair_id: int = response.json()["id"]
    return fair_id


async def make_enterprise(api: Api, fair_id: int, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "常州恒力精密机械有限公司",
        "industry": "装备制造",
        "district": "武进区",
        "booth": f"A{next(_booths):02d}",
    } | overrides
    response = await api.request(
        "POST", f"/api/fairs/{fair_id}/enterprises", token=ADMIN_TOKEN, json=body
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def posting_body(fair_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "fair_id": fair_id,
        "title": "数控车工",
        "description": "操作FANUC系统数控车床，加工汽车零部件轴类零件。",
        "requirements": "持中级工及以上职业技能等级证书，两年以上数控车床经验，能看懂图纸。",
        "skill_level": "intermediate",
        "certificates": ["车工职业技能等级证书"],
        "headcount": 5,
        "salary_min": 7000,
        "salary_max": 10000,
        "location": "武进区",
    } | overrides


async def make_posting(api: Api, token: str, fair_id: int, **overrides: Any) -> dict[str, Any]:
    response = await api.request(
        "POST", "/api/postings", token=token, json=posting_body(fair_id, **overrides)
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def resume_body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "王建国",
        "phone": str(next(_phones)),
        "education": "secondary_vocational",
        "school": "常州技师学院",
        "major": "数控技术",
        "skill_level": "intermediate",
        "certificates": ["车工职业技能等级证书"],
        "years_experience": 3,
        "experience": "三年数控车床操作经验，熟悉FANUC系统，加工轴类零件，公差控制在0.01mm。",
        "skills": "数控车床 编程 看图",
        "desired_title": "数控车工",
        "desired_location": "武进区",
        "expected_salary": 8000,
        "open_to_recommendations": True,  # a seeker who opted in to recommendations
        "consent": True,
    } | overrides


async def make_resume(api: Api, **overrides: Any) -> dict[str, Any]:
    response = await api.request("POST", "/api/resumes", json=resume_body(**overrides))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
