"""A hiring scene for portal, export and privacy tests: two firms, three seekers (no tests here)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import httpx
from pypdf import PdfReader

from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.support.pages import csrf_of

PASSWORD = "hr-secret-2025"


@dataclass
class Scene:
    fair_id: int
    firm_a: dict[str, Any]
    firm_b: dict[str, Any]
    posting_a: dict[str, Any]
    posting_b: dict[str, Any]
    applicant: dict[str, Any]
    recommended: dict[str, Any]
    private: dict[str, Any]
    application_id: int

    @property
    def a(self) -> str:
        token: str = self.firm_a["token"]
        return token

    @property
    def b(self) -> str:
        token: str = self.firm_b["token"]
        return token


async def hiring_scene(api: Api) -> Scene:
    """Firm A's lathe posting has one applicant and one opted-in recommendation; firm B has
    a welder posting with a private applicant who turned recommendations off."""
    fair_id = await make_fair(api)
    firm_a = await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    firm_b = await make_enterprise(
        api, fair_id, name="常州天合焊接科技有限公司", username="tianhe", password=PASSWORD
    )
    posting_a = await make_posting(api, firm_a["token"], fair_id)
    posting_b = await make_posting(
        api,
        firm_b["token"],
        fair_id,
        title="电焊工",
        description="焊接钢结构件，二氧化碳保护焊。",
        requirements="持焊工证。",
        certificates=["熔化焊接与热切割作业证"],
    )
    applicant = await make_resume(api, name="王建国")
    recommended = await make_resume(
        api, name="李明华", desired_title="数控车床操作工", desired_location="新北区"
    )
    private = await make_resume(
        api,
        name="赵小燕",
        desired_title="电焊工",
        skills="二保焊 氩弧焊",
        open_to_recommendations=False,
    )
    applied = await api.request(
        "POST",
        "/api/applications",
        token=applicant["token"],
        json={"posting_id": posting_a["id"]},
    )
    assert applied.status_code == 201, applied.text
    welder = await api.request(
        "POST", "/api/applications", token=private["token"], json={"posting_id": posting_b["id"]}
    )
    assert welder.status_code == 201, welder.text
    await api.settle()
    return Scene(
        fair_id,
        firm_a,
        firm_b,
        posting_a,
        posting_b,
        applicant,
        recommended,
        private,
        applied.json()["id"],
    )


async def portal_login(client: httpx.AsyncClient, username: str = "hengli") -> None:
    """Log a browser-like client into the portal."""
    form = await client.get("/portal/login")
    response = await client.post(
        "/portal/login",
        data={
            "csrf": csrf_of(form.text),
            "username": username,
            "password": PASSWORD,
            "next": "/portal/postings",
        },
    )
    assert response.status_code == 303, response.text


def pdf_text(content: bytes) -> str:
    """All text of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
