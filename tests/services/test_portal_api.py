"""The enterprise pipeline over JSON: stage and note, intentions, résumé PDFs."""

from __future__ import annotations

from sqlalchemy import select

from services.models import Intention
from tests.services.conftest import Api
from tests.support.portal import hiring_scene, pdf_text


async def test_stage_and_note(api: Api) -> None:
    scene = await hiring_scene(api)
    url = f"/api/applications/{scene.application_id}"
    moved = await api.request(
        "PATCH", url, token=scene.a, json={"stage": "interview", "note": "周三上午面试"}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["stage"], moved.json()["note"]) == ("interview", "周三上午面试")
    note_only = await api.request("PATCH", url, token=scene.a, json={"note": "已通知"})
    assert (note_only.json()["stage"], note_only.json()["note"]) == ("interview", "已通知")
    invalid = await api.request("PATCH", url, token=scene.a, json={"stage": "hired"})
    assert invalid.status_code == 422
    unknown = await api.request("PATCH", "/api/applications/999", token=scene.a, json={})
    assert unknown.status_code == 404
    mine = await api.request(
        "GET", f"/api/resumes/{scene.applicant['id']}/applications", token=scene.applicant["token"]
    )
    assert mine.json()["items"][0]["stage"] == "interview"


async def test_stage_intention_records_the_intention(api: Api) -> None:
    scene = await hiring_scene(api)
    response = await api.request(
        "PATCH",
        f"/api/applications/{scene.application_id}",
        token=scene.a,
        json={"stage": "intention"},
    )
    assert response.json()["stage"] == "intention"
    async with api.runtime.sessions() as session:
        rows = (await session.scalars(select(Intention))).all()
    assert [(i.posting_id, i.resume_id) for i in rows] == [
        (scene.posting_a["id"], scene.applicant["id"])
    ]
    again = await api.request(
        "POST",
        "/api/intentions",
        token=scene.a,
        json={"posting_id": scene.posting_a["id"], "resume_id": scene.applicant["id"]},
    )
    assert again.status_code == 200, "one click twice is still one intention"


async def test_resume_pdf_embeds_the_chinese_name(api: Api) -> None:
    scene = await hiring_scene(api)
    response = await api.request("GET", f"/api/resumes/{scene.applicant['id']}/pdf", token=scene.a)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"/FontFile2" in response.content, "the CJK font is embedded"
    text = pdf_text(response.content)
    for expected in ("王建国", scene.applicant["phone"], "常州技师学院", "数控车工", "中级工"):
        assert expected in text
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
