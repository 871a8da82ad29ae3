"""What every enterprise portal page shares: the session cookie, login redirects, rendering."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from services.auth.principals import ENTERPRISE_COOKIE, resolve_principal
from services.auth.secrets import Role
from services.auth.sessions import SESSION_LIFETIME
from services.deps import RuntimeDep, SessionDep
from services.errors import NotAuthenticated
from services.models import Enterprise
from services.web.pages import SECURITY_HEADERS, Page, PageRoute

PORTAL = "/portal"
HOME = "/portal/postings"
LOGIN = "/portal/login"


class PortalRoute(PageRoute):
    """Page routes of the portal: without a live session the browser goes to the login page.

    PageRoute already turned NotAuthenticated into a 401 page; the portal sends people to log in.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def portal_handler(request: Request) -> Response:
            response = await handler(request)
            if response.status_code != 401 or request.url.path == LOGIN:
                return response
            target = request.url.path if request.method == "GET" else HOME
            login = RedirectResponse(f"{LOGIN}?next={quote(target)}", status_code=303)
            login.headers.update(SECURITY_HEADERS)
            return login

        return portal_handler


async def get_portal_enterprise(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> Enterprise:
    """The enterprise behind the portal session cookie, or NotAuthenticated (→ login page)."""
    token = request.cookies.get(ENTERPRISE_COOKIE)
    principal = (
        await resolve_principal(token, session=session, settings=runtime.settings)
        if token
        else None
    )
    if principal is None or principal.role is not Role.enterprise:
        raise NotAuthenticated()
    enterprise = await session.get(Enterprise, principal.id)
    if enterprise is None:
        raise NotAuthenticated()
    return enterprise


PortalEnterpriseDep = Annotated[Enterprise, Depends(get_portal_enterprise)]


def set_enterprise_cookie(page: Page, response: Response, token: str | None) -> None:
    """Set (or with None, clear) the portal session cookie: HttpOnly, SameSite=Lax, /portal."""
    if token is None:
        response.delete_cookie(ENTERPRISE_COOKIE, path=PORTAL, httponly=True, samesite="lax")
        return
    response.set_cookie(
        ENTERPRISE_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=PORTAL,
        httponly=True,
        samesite="lax",
        secure=page.request.url.scheme == "https",
    )


def render(
    page: Page, template: str, enterprise: Enterprise | None, **context: Any
) -> HTMLResponse:
    """A portal page: the shared layout with the enterprise's name and the portal menu."""
    return page.render(f"portal/{template}", home_url=HOME, enterprise=enterprise, **context)
