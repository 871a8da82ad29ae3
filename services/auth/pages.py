"""Sign-in and sign-out pages: the organizer's dashboard and the enterprise portal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Response
from fastapi.responses import RedirectResponse

from services.auth import accounts
from services.auth.organizer_sessions import (
    ORGANIZER_COOKIE,
    SESSION_SECONDS,
    close_organizer_session,
    login_url,
    open_organizer_session,
)
from services.auth.principals import ENTERPRISE_COOKIE, principal_id_of
from services.auth.redirects import safe_next
from services.auth.secrets import Role
from services.auth.sessions import login_enterprise, logout_enterprise, throttled
from services.deps import RuntimeDep, SessionDep
from services.errors import InvalidInput, NotAuthenticated
from services.web.pages import PageDep, PageRoute
from services.web.portal_kit import (
    HOME,
    PortalEnterpriseDep,
    PortalRoute,
    render,
    set_enterprise_cookie,
)
from services.web.ratelimit import client_address

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
    """Check the CSRF token and the organizer token (throttled per address), then set the
    session cookie."""
    await page.checked_form()
    keys = [f"dashboard:{_address(page, runtime)}"]
    await throttled(runtime.logins, keys)
    organizer_id = await principal_id_of(
        token.strip(), role=Role.organizer, session=session, settings=runtime.settings
    )
    if organizer_id is None:
        await runtime.logins.failed(keys)
        return page.redirect(login_url(_dashboard_next(next)) + "&failed=1")
    response = page.redirect(_dashboard_next(next))
    response.set_cookie(
        ORGANIZER_COOKIE,
        await open_organizer_session(session=session, organizer_id=organizer_id),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=page.request.url.scheme == "https",
    )
    return response


@organizer.post("/dashboard/logout")
async def organizer_logout(page: PageDep, session: SessionDep) -> Response:
    """End the organizer session on the server and forget the cookie."""
    await page.checked_form()
    token = page.request.cookies.get(ORGANIZER_COOKIE)
    if token:
        await close_organizer_session(session=session, token=token)
    response = page.redirect("/dashboard/login")
    response.delete_cookie(ORGANIZER_COOKIE, httponly=True, samesite="strict")
    return response


def _address(page: PageDep, runtime: RuntimeDep) -> str:
    return client_address(
        page.request.scope, trust_forwarded_for=runtime.settings.trust_forwarded_for
    )


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
async def enterprise_login(page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """Check username and password (throttled), open a 7-day session, set the HttpOnly cookie."""
    form = await page.checked_form()
    target = _portal_next(str(form.get("next") or ""))
    try:
        _, token = await login_enterprise(
            session=session,
            username=str(form.get("username") or "").strip(),
            password=str(form.get("password") or ""),
            throttle=runtime.logins,
            address=_address(page, runtime),
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


@portal.get("/account")
async def account_page(page: PageDep, enterprise: PortalEnterpriseDep) -> Response:
    """The firm's account: change the password."""
    return render(page, "account.html", enterprise, changed=False, error=None)


@portal.post("/account/password")
async def account_password(
    page: PageDep, session: SessionDep, runtime: RuntimeDep, enterprise: PortalEnterpriseDep
) -> Response:
    """Change the password (the current one is required); the firm's other sessions end."""
    form = await page.checked_form()
    try:
        await accounts.change_password(
            session=session,
            enterprise_id=enterprise.id,
            current=str(form.get("current_password") or ""),
            new=str(form.get("new_password") or ""),
            keep_session=page.request.cookies.get(ENTERPRISE_COOKIE),
            throttle=runtime.logins,
        )
    except (NotAuthenticated, InvalidInput) as exc:
        # 422, not 401: on the portal a 401 would send the signed-in firm to the login page.
        return render(
            page, "account.html", enterprise, changed=False, error=exc.message, status_code=422
        )
    return render(page, "account.html", enterprise, changed=True, error=None)


router = APIRouter()
router.include_router(organizer)
router.include_router(portal)
