"""Sign-in and sign-out pages: the organizer's dashboard and the enterprise portal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Response
from fastapi.responses import RedirectResponse

from services.auth.organizer_sessions import (
    ORGANIZER_COOKIE,
    SESSION_SECONDS,
    login_url,
    sign_organizer,
)
from services.auth.principals import resolve_principal
from services.auth.redirects import safe_next
from services.auth.secrets import Role
from services.auth.sessions import login_enterprise, logout_enterprise
from services.deps import RuntimeDep, SessionDep
from services.errors import NotAuthenticated
from services.web.pages import PageDep, PageRoute
from services.web.portal_kit import (
    ENTERPRISE_COOKIE,
    HOME,
    PortalRoute,
    render,
    set_enterprise_cookie,
)

organizer = APIRouter(route_class=PageRoute, include_in_schema=False)
portal = APIRouter(prefix="/portal", route_class=PortalRoute, include_in_schema=False)


@organizer.get("/dashboard/login")
async def organizer_login_form(
    page: PageDep, next: str = "/dashboard", failed: bool = False
) -> Response:
    """The organizer sign-in form."""
    return page.render("dashboard/login.html", next_url=_dashboard_next(next), failed=failed)


def _dashboard_next(url: str) -> str:
    """Back to the dashboard or the organizer console after signing in."""
    dashboard = safe_next(url, prefix="/dashboard", default="/dashboard")
    return safe_next(url, prefix="/organizer", default=dashboard)


@organizer.post("/dashboard/login")
async def organizer_login(
    page: PageDep,
    session: SessionDep,
    runtime: RuntimeDep,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=300)] = "/dashboard",
) -> Response:
    """Check the CSRF token and the organizer token, then set the session cookie."""
    await page.checked_form()
    try:
        principal = await resolve_principal(
            token.strip(), session=session, settings=runtime.settings
        )
    except NotAuthenticated:
        principal = None
    if principal is None or principal.role is not Role.organizer:
        return page.redirect(login_url(_dashboard_next(next)) + "&failed=1")
    response = page.redirect(_dashboard_next(next))
    response.set_cookie(
        ORGANIZER_COOKIE,
        sign_organizer(runtime.settings, principal.id),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=page.request.url.scheme == "https",
    )
    return response


@organizer.post("/dashboard/logout")
async def organizer_logout(page: PageDep) -> Response:
    """Forget the organizer session."""
    await page.checked_form()
    response = page.redirect("/dashboard/login")
    response.delete_cookie(ORGANIZER_COOKIE, httponly=True, samesite="strict")
    return response


def _portal_next(target: object) -> str:
    return safe_next(target, prefix="/portal/", default=HOME)


@portal.get("")
async def portal_home() -> Response:
    """The portal starts at the posting list (or the login page)."""
    return RedirectResponse(HOME, status_code=303)


@portal.get("/login")
async def enterprise_login_form(page: PageDep, next: str | None = None) -> Response:
    """The enterprise login form."""
    return render(page, "login.html", None, next=_portal_next(next), error=None)


@portal.post("/login")
async def enterprise_login(page: PageDep, session: SessionDep) -> Response:
    """Check username and password, open a 7-day session, set the HttpOnly cookie."""
    form = await page.checked_form()
    target = _portal_next(str(form.get("next") or ""))
    try:
        _, token = await login_enterprise(
            session=session,
            username=str(form.get("username") or "").strip(),
            password=str(form.get("password") or ""),
        )
    except NotAuthenticated:
        return render(
            page,
            "login.html",
            None,
            next=target,
            error=page.t("portal.login.failed"),
            username=str(form.get("username") or ""),
            status_code=401,
        )
    response = page.redirect(target)
    set_enterprise_cookie(page, response, token)
    return response


@portal.post("/logout")
async def enterprise_logout(page: PageDep, session: SessionDep) -> Response:
    """End the session behind the cookie."""
    await page.checked_form()
    token = page.request.cookies.get(ENTERPRISE_COOKIE)
    if token:
        await logout_enterprise(session=session, token=token)
    response = page.redirect("/portal/login")
    set_enterprise_cookie(page, response, None)
    return response


router = APIRouter()
router.include_router(organizer)
router.include_router(portal)
