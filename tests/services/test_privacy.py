"""Who sees what: enterprise A, enterprise B, seeker, organizer, anonymous × every route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.services.conftest import ADMIN_TOKEN, Api
from tests.support.portal import Scene, hiring_scene


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: str
    body: dict[str, Any] | None = None


def enterprise_calls(scene: Scene) -> list[Call]:
    """Every enterprise route and download format, aimed at firm A's posting and applicant."""
    posting, applicant = scene.posting_a["id"], scene.applicant["id"]
    export = f"/api/postings/{posting}/candidates/export"
    return [
        Call("candidates", "GET", f"/api/postings/{posting}/candidates"),
        Call("edit posting", "PATCH", f"/api/postings/{posting}", {"headcount": 6}),
        Call("stage", "PATCH", f"/api/applications/{scene.application_id}", {"stage": "contacted"}),
        Call(
            "intention", "POST", "/api/intentions", {"posting_id": posting, "resume_id": applicant}
        ),
        Call(
            "invite",
            "POST",
            "/api/invitations",
            {"posting_id": posting, "resume_id": scene.recommended["id"]},
        ),
        Call("pdf", "GET", f"/api/resumes/{applicant}/pdf"),
        Call("xlsx", "GET", f"{export}?format=xlsx"),
        Call("zip", "GET", f"{export}?format=zip"),
        Call("background xlsx", "GET", f"{export}?format=xlsx&background=true"),
        Call("background zip", "GET", f"{export}?format=zip&limit=500"),
    ]


async def test_access_matrix(api: Api) -> None:
    scene = await hiring_scene(api)
    callers: dict[str, str | None] = {
        "enterprise B": scene.b,
        "seeker": scene.recommended["token"],
        "organizer": ADMIN_TOKEN,
        "anonymous": None,
        "enterprise A": scene.a,  # last: its calls change state
    }
    expected = {"enterprise B": {403, 404}, "seeker": {403}, "organizer": {403}, "anonymous": {401}}
    seen: dict[tuple[str, str], int] = {}
    for caller, token in callers.items():
        for call in enterprise_calls(scene):
            response = await api.request(call.method, call.url, token=token, json=call.body)
            seen[caller, call.name] = response.status_code
            if caller == "enterprise A":
                assert response.status_code in {200, 201, 202}, (call.name, response.text)
            else:
                assert response.status_code in expected[caller], (caller, call.name, response.text)
                assert set(response.json()) == {"error", "detail"}
                body = response.text
                assert scene.applicant["phone"] not in body and "王建国" not in body
    assert len(seen) == 5 * len(enterprise_calls(scene))


async def test_contact_details_only_for_applicants(api: Api) -> None:
    scene = await hiring_scene(api)
    listed = await api.request(
        "GET", f"/api/postings/{scene.posting_a['id']}/candidates", token=scene.a
    )
    items = {item["resume_id"]: item for item in listed.json()["items"]}
    assert items[scene.applicant["id"]]["phone"] == scene.applicant["phone"]
    assert items[scene.recommended["id"]]["name"] == "李**"
    assert scene.private["id"] not in items, "opted-out seekers of another firm never appear"
    not_applied = await api.request(
        "GET", f"/api/resumes/{scene.recommended['id']}/pdf", token=scene.a
    )
    assert not_applied.status_code == 404
    other_firm = await api.request("GET", f"/api/resumes/{scene.private['id']}/pdf", token=scene.a)
    assert other_firm.status_code == 404
    own = await api.request(
        "GET", f"/api/resumes/{scene.private['id']}/pdf", token=scene.private["token"]
    )
    assert own.status_code == 200 and own.headers["content-type"] == "application/pdf"
    someone_else = await api.request(
        "GET", f"/api/resumes/{scene.applicant['id']}/pdf", token=scene.private["token"]
    )
    assert someone_else.status_code == 403


async def test_accepting_an_invitation_reveals_contact(api: Api) -> None:
    scene = await hiring_scene(api)
    posting_id, seeker = scene.posting_a["id"], scene.recommended
    invited = await api.request(
        "POST",
        "/api/invitations",
        token=scene.a,
        json={"posting_id": posting_id, "resume_id": seeker["id"]},
    )
    assert invited.status_code == 201 and invited.json()["status"] == "pending"
    again = await api.request(
        "POST",
        "/api/invitations",
        token=scene.a,
        json={"posting_id": posting_id, "resume_id": seeker["id"]},
    )
    assert again.status_code == 200 and again.json()["id"] == invited.json()["id"]
    cannot = await api.request(
        "POST",
        "/api/invitations",
        token=scene.a,
        json={"posting_id": posting_id, "resume_id": scene.private["id"]},
    )
    assert cannot.status_code == 404, "opted-out seekers cannot be invited"
    mine = await api.request("GET", "/api/invitations", token=seeker["token"])
    assert [i["posting_title"] for i in mine.json()["items"]] == ["数控车工"]
    not_theirs = await api.request(
        "POST", f"/api/invitations/{invited.json()['id']}/accept", token=scene.private["token"]
    )
    assert not_theirs.status_code == 404
    accepted = await api.request(
        "POST", f"/api/invitations/{invited.json()['id']}/accept", token=seeker["token"]
    )
    assert accepted.json()["status"] == "accepted"
    await api.settle()
    listed = await api.request("GET", f"/api/postings/{posting_id}/candidates", token=scene.a)
    item = next(i for i in listed.json()["items"] if i["resume_id"] == seeker["id"])
    assert (item["name"], item["phone"], item["applied"]) == ("李明华", seeker["phone"], True)
    pdf = await api.request("GET", f"/api/resumes/{seeker['id']}/pdf", token=scene.a)
    assert pdf.status_code == 200


async def test_declining_keeps_details_hidden(api: Api) -> None:
    scene = await hiring_scene(api)
    invited = await api.request(
        "POST",
        "/api/invitations",
        token=scene.a,
        json={"posting_id": scene.posting_a["id"], "resume_id": scene.recommended["id"]},
    )
    declined = await api.request(
        "POST",
        f"/api/invitations/{invited.json()['id']}/decline",
        token=scene.recommended["token"],
    )
    assert declined.json()["status"] == "declined"
    pdf = await api.request("GET", f"/api/resumes/{scene.recommended['id']}/pdf", token=scene.a)
    assert pdf.status_code == 404


async def test_nothing_after_the_seeker_deleted_their_data(api: Api) -> None:
    scene = await hiring_scene(api)
    seeker = scene.applicant
    deleted = await api.request("DELETE", f"/api/resumes/{seeker['id']}", token=seeker["token"])
    assert deleted.status_code == 204
    await api.settle()
    pdf = await api.request("GET", f"/api/resumes/{seeker['id']}/pdf", token=scene.a)
    assert pdf.status_code == 404
    listed = await api.request(
        "GET", f"/api/postings/{scene.posting_a['id']}/candidates", token=scene.a
    )
    assert seeker["id"] not in {i["resume_id"] for i in listed.json()["items"]}
    export = await api.request(
        "GET", f"/api/postings/{scene.posting_a['id']}/candidates/export", token=scene.a
    )
    assert seeker["phone"] not in export.text
    stage = await api.request(
        "PATCH", f"/api/applications/{scene.application_id}", token=scene.a, json={"note": "x"}
    )
    assert stage.status_code == 404
