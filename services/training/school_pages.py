"""A school's pages: sign in with its token (a form post, never a URL), its report, the XLSX.

The cookie holds the school token itself, like the seeker cookie: HttpOnly, SameSite=Strict,
limited to /school and to 12 hours; signing out forgets it, and the organizer revokes a school
by deleting its account.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from matcher.occupations import occupation_name
from services.auth.principals import SCHOOL_COOKIE, principal_id_of
from services.auth.secrets import Role
from services.auth.sessions import throttled
from services.deps import RuntimeDep, SessionDep
from services.models import School
from services.training.school_report import school_report
from services.training.school_report_xlsx import school_report_xlsx, workbook_response
from services.web.pages import PageDep, PageRoute
from services.web.ratelimit import client_address

router = APIRouter(prefix="/school", route_class=PageRoute, include_in_schema=False)

SESSION_SECONDS = 12 * 3600
LOGIN = "/school/login"


async def _signed_in_school(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> School | None:
    """The school whose token this browser holds, else None (a deleted school's is void)."""
    school_id = await principal_id_of(
        request.cookies.get(SCHOOL_COOKIE),
        role=Role.school,
        session=session,
        settings=runtime.settings,
    )
    return None if school_id is None else await session.get(School, school_id)


CookieSchool = Annotated[School | None, Depends(_signed_in_school)]


@router.get("/login")
async def login_form(page: PageDep, failed: bool = False) -> Response:
    """The school sign-in form: the token the organizer handed over."""
    return page.render("school/login.html", failed=failed)


@router.post("/login")
async def login(
    page: PageDep,
    session: SessionDep,
    runtime: RuntimeDep,
    token: Annotated[str, Form(max_length=200)],
) -> Response:
    """Check the CSRF token and the school token (throttled per address), then set the cookie."""
    await page.checked_form()
    address = client_address(
        page.request.scope, trust_forwarded_for=runtime.settings.trust_forwarded_for
    )
    keys = [f"school:{address}"]
    await throttled(runtime.logins, keys)
    school_id = await principal_id_of(
        token.strip(), role=Role.school, session=session, settings=runtime.settings
    )
    if school_id is None:
        await runtime.logins.failed(keys)
        return page.redirect(f"{LOGIN}?failed=1")
    response = page.redirect("/school")
    response.set_cookie(
        SCHOOL_COOKIE,
        token.strip(),
        max_age=SESSION_SECONDS,
        path="/school",
        httponly=True,
        samesite="strict",
        secure=page.request.url.scheme == "https",
    )
    return response


@router.post("/logout")
async def logout(page: PageDep) -> Response:
    """Forget the school's cookie on this browser."""
    await page.checked_form()
    response = page.redirect(LOGIN)
    response.delete_cookie(SCHOOL_COOKIE, path="/school", httponly=True, samesite="strict")
    return response


@router.get("")
async def report_page(
    page: PageDep, session: SessionDep, runtime: RuntimeDep, school: CookieSchool
) -> Response:
    """The school's report: consenting students' outcomes at each fair, and the gap report."""
    if school is None:
        return page.redirect(LOGIN)
    report = await school_report(runtime=runtime, session=session, school=school)
    kinds = ("certificate", "level", "skill")
    gaps = {kind: [line for line in report.gaps if line.kind == kind] for kind in kinds}
    occupations = [(code, occupation_name(code)) for code in report.occupation_codes]
    response = page.render("school/report.html", report=report, gaps=gaps, occupations=occupations)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@router.get("/report.xlsx")
async def report_workbook(
    page: PageDep, session: SessionDep, runtime: RuntimeDep, school: CookieSchool
) -> Response:
    """The same report as an XLSX workbook, in the page's language."""
    if school is None:
        return page.redirect(LOGIN)
    report = await school_report(runtime=runtime, session=session, school=school)
    body = await asyncio.to_thread(school_report_xlsx, report, page.lang)
    return workbook_response(body, school.id)
