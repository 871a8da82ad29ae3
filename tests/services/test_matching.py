"""Ranked candidates for enterprises and recommendations for seekers, end to end."""

from __future__ import annotations

from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


async def test_candidates_ranked_with_reasons_and_contacts_masked(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    rival = await make_enterprise(api, fair_id, name="常州新能电池科技有限公司")
    posting = await make_posting(api, firm["token"], fair_id)
    lathe = await make_resume(api, name="张伟")
    cook = await make_resume(
        api,
        name="刘芳",
        major="烹饪",
        desired_title="厨师",
        skills="中餐 烹饪",
        experience="在饭店做了五年厨师，擅长川菜。",
        certificates=[],
        skill_level="junior",
    )
    applicant = await make_resume(
        api, name="陈静", desired_title="车床操作工", open_to_recommendations=False
    )
    await api.request(
        "POST", "/api/applications", token=applicant["token"], json={"posting_id": posting["id"]}
    )
    await api.settle()
    url = f"/api/postings/{posting['id']}/candidates"
    response = await api.request("GET", url, token=firm["token"], params={"limit": 10})
    assert response.status_code == 200
    items = response.json()["items"]
    order = [item["resume_id"] for item in items]
    assert applicant["id"] in order
    assert order.index(lathe["id"]) < order.index(cook["id"])
    by_id = {item["resume_id"]: item for item in items}
    assert by_id[applicant["id"]]["applied"] is True
    assert by_id[applicant["id"]]["name"] == "陈静"
    assert by_id[lathe["id"]]["applied"] is False
    assert by_id[lathe["id"]]["name"] == "张*"
    assert "****" in by_id[lathe["id"]]["phone"]
    assert by_id[lathe["id"]]["explanation"]["summary_zh"]
    assert by_id[lathe["id"]]["explanation"]["summary_en"]
    assert all(0.0 <= item["score"] <= 1.0 for item in items)
    assert (await api.request("GET", url, token=rival["token"])).status_code == 403
    assert (await api.request("GET", url, token=lathe["token"])).status_code == 403
    assert (await api.request("GET", url, token=ADMIN_TOKEN)).status_code == 403
    assert (await api.request("GET", url)).status_code == 401
    missing = await api.request("GET", "/api/postings/9999/candidates", token=firm["token"])
    assert missing.status_code == 404


async def test_recommendations_put_the_matching_trade_first(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    lathe = await make_posting(api, firm["token"], fair_id)
    await make_posting(
        api,
        firm["token"],
        fair_id,
        title="纺织挡车工",
        description="纺纱车间挡车，巡回检查细纱机。",
        requirements="能适应三班倒，有纺织厂经验优先。",
        certificates=[],
        skill_level="junior",
    )
    seeker = await make_resume(api)
    await api.settle()
    url = f"/api/resumes/{seeker['id']}/recommendations"
    response = await api.request("GET", url, token=seeker["token"])
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["posting_id"] == lathe["id"]
    assert items[0]["booth"] == firm["booth"]
    assert items[0]["explanation"]["summary_zh"]
    other = await make_resume(api)
    assert (await api.request("GET", url, token=other["token"])).status_code == 403
    assert (await api.request("GET", url, token=firm["token"])).status_code == 403
