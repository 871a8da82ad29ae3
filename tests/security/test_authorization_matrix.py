"""Every route of the app, called by six principals: nobody reaches what is not theirs, and no
response leaks a résumé or contact details to someone not entitled to them.

A route missing from MATRIX fails the test: a new route needs a decision here.
"""

from __future__ import annotations

from enum import Enum

import pytest

from tests.security.world import (
    CSRF,
    OTHER_PHONE,
    SECRET_NAME,
    SECRET_PHONE,
    Caller,
    World,
    app_routes,
    build_world,
    concrete,
)
from tests.services.conftest import Api


class Who(Enum):
    """Who may use a route."""

    anyone = "anyone"
    seeker = "seeker"  # any seeker, acting on their own data
    own_resume = "own_resume"  # the seeker whose résumé or application it is
    enterprise = "enterprise"  # any enterprise, acting on its own data
    own_posting = "own_posting"  # firm A (owner of the posting, applicant's firm)
    applicant_or_firm = "applicant_or_firm"  # the applicant and the firm applied to
    organizer = "organizer"
    firm_or_organizer = "firm_or_organizer"  # a firm (its own data) or an organizer (all)
    own_school = "own_school"  # the school whose report it is


A, S, OWN_S, E, OWN_E, ORG, BOTH, SCH = (
    Who.anyone,
    Who.seeker,
    Who.own_resume,
    Who.enterprise,
    Who.own_posting,
    Who.organizer,
    Who.applicant_or_firm,
    Who.own_school,
)
EVERYONE = {
    "anonymous",
    "seeker",
    "other_seeker",
    "enterprise_a",
    "enterprise_b",
    "organizer",
    "school",
}
ALLOWED = {
    Who.anyone: EVERYONE,
    Who.seeker: {"seeker", "other_seeker"},
    Who.own_resume: {"seeker"},
    Who.enterprise: {"enterprise_a", "enterprise_b"},
    Who.own_posting: {"enterprise_a"},
    Who.organizer: {"organizer"},
    Who.applicant_or_firm: {"seeker", "enterprise_a"},
    Who.firm_or_organizer: {"enterprise_a", "enterprise_b", "organizer"},
    Who.own_school: {"school"},
}
# Routes whose answer never ends (Server-Sent Events): only refusals are checked.
STREAMS = {("GET", "/api/fairs/{fair_id}/stats/stream")}

MATRIX: dict[tuple[str, str], Who] = {
    ("GET", "/openapi.json"): A,
    ("GET", "/docs"): A,
    ("GET", "/healthz"): A,
    ("GET", "/readyz"): A,
    ("GET", "/metrics"): A,
    ("MOUNT", "/static"): A,
    ("POST", "/api/auth/login"): A,
    ("POST", "/api/auth/logout"): E,
    ("POST", "/api/auth/password"): E,
    ("POST", "/api/auth/token"): E,
    ("DELETE", "/api/auth/token"): E,
    ("POST", "/api/enterprises/{enterprise_id}/password"): ORG,
    ("POST", "/api/enterprises/{enterprise_id}/token"): ORG,
    ("POST", "/api/fairs"): ORG,
    ("GET", "/api/fairs/{fair_id}"): A,
    ("POST", "/api/fairs/{fair_id}/enterprises"): ORG,
    ("POST", "/api/fairs/{fair_id}/hits"): A,
    ("GET", "/api/fairs/{fair_id}/stats"): ORG,
    ("POST", "/api/postings"): E,
    ("GET", "/api/postings"): A,
    ("GET", "/api/postings/{posting_id}"): A,
    ("PATCH", "/api/postings/{posting_id}"): OWN_E,
    ("GET", "/api/postings/{posting_id}/candidates"): OWN_E,
    ("POST", "/api/resumes"): A,
    ("GET", "/api/resumes/{resume_id}"): OWN_S,
    ("PATCH", "/api/resumes/{resume_id}"): OWN_S,
    ("DELETE", "/api/resumes/{resume_id}"): OWN_S,
    ("GET", "/api/resumes/{resume_id}/applications"): OWN_S,
    ("GET", "/api/resumes/{resume_id}/recommendations"): OWN_S,
    ("POST", "/api/applications"): S,
    ("DELETE", "/api/applications/{application_id}"): OWN_S,
    ("POST", "/api/intentions"): E,
    ("GET", "/api/occupations/classify"): A,
    ("GET", "/api/fairs/{fair_id}/qr.png"): A,
    ("GET", "/api/fairs/{fair_id}/booths/{enterprise_id}/qr.png"): A,
    ("GET", "/api/postings/{posting_id}/qr.png"): A,
    ("GET", "/api/fairs/{fair_id}/qr-sheet.pdf"): ORG,
    ("GET", "/api/fairs/{fair_id}/stats/live"): ORG,
    ("GET", "/api/fairs/{fair_id}/stats/stream"): ORG,
    ("GET", "/api/fairs/{fair_id}/demand"): ORG,
    ("GET", "/api/fairs/{fair_id}/report.{extension}"): ORG,
    ("GET", "/dashboard/login"): A,
    ("POST", "/dashboard/login"): A,
    ("POST", "/dashboard/logout"): A,
    ("GET", "/dashboard"): ORG,
    ("GET", "/dashboard/{fair_id}"): ORG,
    ("GET", "/"): A,
    ("GET", "/f"): A,
    ("GET", "/f/{fair_id}"): A,
    ("GET", "/f/{fair_id}/b/{enterprise_id}"): A,
    ("GET", "/f/{fair_id}/booths"): A,
    ("GET", "/f/{fair_id}/map"): A,
    ("GET", "/f/{fair_id}/floor-plan.jpg"): A,
    ("PUT", "/api/fairs/{fair_id}/floor-plan"): ORG,
    ("DELETE", "/api/fairs/{fair_id}/floor-plan"): ORG,
    ("GET", "/jobs/{posting_id}"): A,
    ("POST", "/jobs/{posting_id}/apply"): S,
    ("GET", "/jobs/{posting_id}/applied"): S,
    ("GET", "/privacy"): A,
    ("GET", "/favicon.ico"): A,
    ("GET", "/me/find"): A,  # find my résumé: anyone may ask for a code to their number
    ("POST", "/me/find"): A,
    ("POST", "/me/find/verify"): A,
    ("GET", "/resume"): A,
    ("POST", "/resume"): A,
    ("POST", "/resume/upload"): A,
    ("GET", "/me"): A,  # the caller's own page (empty for visitors)
    ("POST", "/me/applications/{application_id}/withdraw"): OWN_S,
    ("POST", "/me/invitations/{invitation_id}/{answer}"): OWN_S,
    ("GET", "/me/recommendations"): S,
    ("GET", "/me/delete"): A,
    ("POST", "/me/delete"): A,
    ("PATCH", "/api/applications/{application_id}"): OWN_E,
    ("POST", "/api/invitations"): E,
    ("GET", "/api/invitations"): S,
    ("POST", "/api/invitations/{invitation_id}/{answer}"): OWN_S,
    ("GET", "/api/resumes/{resume_id}/pdf"): BOTH,
    ("GET", "/api/postings/{posting_id}/candidates/export"): OWN_E,
    ("GET", "/api/exports/{export_id}"): E,
    ("GET", "/api/exports/{export_id}/file"): E,
    ("GET", "/portal"): E,
    ("GET", "/portal/login"): A,
    ("POST", "/portal/login"): A,
    ("POST", "/portal/logout"): A,
    ("GET", "/portal/account"): E,
    ("POST", "/portal/account/password"): E,
    ("GET", "/portal/postings"): E,
    ("GET", "/portal/postings/new"): E,
    ("POST", "/portal/postings/new"): E,
    ("GET", "/portal/postings/{posting_id}/edit"): OWN_E,
    ("POST", "/portal/postings/{posting_id}/edit"): OWN_E,
    ("POST", "/portal/postings/{posting_id}/status"): OWN_E,
    ("GET", "/portal/postings/template.xlsx"): E,
    ("GET", "/portal/postings/import"): E,
    ("POST", "/portal/postings/import"): E,
    ("GET", "/portal/postings/{posting_id}/candidates"): OWN_E,
    ("POST", "/portal/applications/{application_id}"): OWN_E,
    ("POST", "/portal/intentions"): E,
    ("POST", "/portal/invitations"): E,
    ("GET", "/portal/postings/{posting_id}/export"): OWN_E,
    ("GET", "/portal/exports/{export_id}"): E,
    ("GET", "/portal/exports/{export_id}/file"): E,
    ("GET", "/portal/resumes/{resume_id}/pdf"): OWN_E,
    ("GET", "/organizer"): ORG,
    ("POST", "/organizer/fairs"): ORG,
    ("GET", "/organizer/fairs/{fair_id}"): ORG,
    ("POST", "/organizer/fairs/{fair_id}"): ORG,
    ("POST", "/organizer/fairs/{fair_id}/firms"): ORG,
    ("POST", "/organizer/fairs/{fair_id}/import"): ORG,
    ("POST", "/organizer/fairs/{fair_id}/firms/{enterprise_id}/password"): ORG,
    ("POST", "/organizer/fairs/{fair_id}/firms/{enterprise_id}/booth"): ORG,
    ("POST", "/organizer/fairs/{fair_id}/requests/{request_id}"): ORG,
    ("GET", "/organizer/accounts"): ORG,
    ("POST", "/organizer/accounts"): ORG,
    ("GET", "/f/{fair_id}/join"): A,
    ("POST", "/f/{fair_id}/join"): A,  # 企业报名: public, checked by the organizer
    # The talent demand map: anyone gets the k-rule answer, organizers every cell.
    ("GET", "/api/insights/demand"): A,
    ("GET", "/api/insights/shortages"): A,
    ("GET", "/api/insights/shortages.{extension}"): A,
    ("GET", "/insights"): A,
    ("GET", "/organizer/insights"): ORG,
    # industrial chains and firm grade mappings (services/insights, issue 21)
    ("GET", "/api/chains"): ORG,
    ("POST", "/api/chains"): ORG,
    ("POST", "/api/chains/seed"): ORG,
    ("PATCH", "/api/chains/{chain_id}"): ORG,
    ("DELETE", "/api/chains/{chain_id}"): ORG,
    ("GET", "/api/enterprises/{enterprise_id}/chains"): ORG,
    ("PUT", "/api/enterprises/{enterprise_id}/chains"): ORG,
    ("GET", "/api/grades"): Who.firm_or_organizer,
    ("PUT", "/api/grades"): E,
    ("PUT", "/api/enterprises/{enterprise_id}/grades"): ORG,
    ("GET", "/organizer/chains"): ORG,
    ("POST", "/organizer/chains"): ORG,
    ("POST", "/organizer/chains/seed"): ORG,
    ("POST", "/organizer/chains/{chain_id}"): ORG,
    ("POST", "/organizer/chains/firms/{enterprise_id}"): ORG,
    ("GET", "/organizer/grades"): ORG,
    ("POST", "/organizer/grades/{mapping_id}"): ORG,
    ("GET", "/portal/grades"): E,
    ("POST", "/portal/grades"): E,
    # skill gaps, training providers, schools (services/training)
    ("GET", "/api/resumes/{resume_id}/skill-gaps"): OWN_S,
    ("GET", "/api/training-providers"): ORG,
    ("POST", "/api/training-providers"): ORG,
    ("PUT", "/api/training-providers/{provider_id}"): ORG,
    ("DELETE", "/api/training-providers/{provider_id}"): ORG,
    ("GET", "/api/schools"): A,  # names for the résumé form; no students, no tokens
    ("POST", "/api/schools"): ORG,
    ("DELETE", "/api/schools/{school_id}"): ORG,
    ("GET", "/api/schools/{school_id}/report"): SCH,
    ("GET", "/api/schools/{school_id}/report.xlsx"): SCH,
    ("GET", "/organizer/training"): ORG,
    ("POST", "/organizer/training"): ORG,
    ("POST", "/organizer/training/{provider_id}/delete"): ORG,
    ("GET", "/organizer/schools"): ORG,
    ("POST", "/organizer/schools"): ORG,
    ("POST", "/organizer/schools/{school_id}/delete"): ORG,
    ("GET", "/school/login"): A,
    ("POST", "/school/login"): A,
    ("POST", "/school/logout"): A,
    ("GET", "/school"): SCH,
    ("GET", "/school/report.xlsx"): SCH,
}
# Who may see the applicant's résumé and contact details: the applicant and the firm applied to.
SEES_APPLICANT = {"seeker", "enterprise_a"}
# A seeker who applied nowhere: only they see their contact details.
SEES_OTHER = {"other_seeker"}
REFUSED = {401, 403, 404, 405, 303, 302, 307}


def test_every_route_has_a_decision(api: Api) -> None:
    routes = app_routes(api.app)
    assert routes - MATRIX.keys() == set(), "new routes need an entry in MATRIX"
    assert MATRIX.keys() - routes == set(), "MATRIX names routes the app no longer has"


async def call(api: Api, method: str, path: str, caller: Caller) -> tuple[int, str]:
    api.client.cookies.clear()
    writes = method in ("POST", "PATCH", "PUT")
    response = await api.client.request(
        method,
        path,
        headers=caller.headers(),
        follow_redirects=False,
        json={} if writes and path.startswith("/api/") else None,
        data={"csrf": CSRF} if writes and not path.startswith("/api/") else None,
    )
    return response.status_code, response.content.decode("utf-8", errors="replace")


async def test_no_route_serves_what_is_not_yours(api: Api) -> None:
    world: World = await build_world(api)
    problems: list[str] = []
    for key in sorted(MATRIX):
        method, template = key
        who = MATRIX[key]
        path = concrete(template, world.ids)
        for caller in world.callers.values():
            allowed = caller.name in ALLOWED[who]
            # Entitled callers only read (their writes have their own tests) and never stream.
            if allowed and (method != "GET" or key in STREAMS):
                continue
            status, body = await call(api, method, path, caller)
            if not allowed and status not in REFUSED:
                problems.append(f"{caller.name} got {status} on {method} {template}")
            if status >= 500:
                problems.append(f"{caller.name} got {status} on {method} {template}")
            if caller.name not in SEES_APPLICANT and (SECRET_PHONE in body or SECRET_NAME in body):
                problems.append(f"{caller.name} saw the applicant on {method} {template}")
            if caller.name not in SEES_OTHER and OTHER_PHONE in body:
                problems.append(f"{caller.name} saw another seeker's phone on {method} {template}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "path", ["/api/resumes/{resume_id}", "/api/postings/{posting_id}/candidates"]
)
async def test_owners_do_reach_their_data(api: Api, path: str) -> None:
    """The refusals above are not vacuous: the owner gets the data, with contact details."""
    world = await build_world(api)
    owner = world.callers["seeker" if "resumes" in path else "enterprise_a"]
    status, body = await call(api, "GET", concrete(path, world.ids), owner)
    assert status == 200 and SECRET_PHONE in body
