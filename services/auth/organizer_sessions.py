"""Organizer sessions: a cookie (HttpOnly, SameSite=Strict, HMAC-signed, 12 hours) for the
dashboard page and its event stream, which cannot send headers; API clients use the bearer token.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy import select

from services.auth.principals import Principal, bearer_token, require, resolve_principal
from services.auth.secrets import Role
from services.config import Settings
from services.deps import RuntimeDep, SessionDep
from services.errors import NotAuthenticated
from services.models import Organizer

ORGANIZER_COOKIE = "fm_org"
SESSION_SECONDS = 12 * 3600


def login_url(next_url: str) -> str:
    """The organizer sign-in page, coming back to next_url."""
    return f"/dashboard/login?next={quote(next_url)}"


def _signature(settings: Settings, payload: str) -> str:
    key = hashlib.sha256(b"fairmatch-organizer-session:" + settings.admin_token.encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def sign_organizer(settings: Settings, organizer_id: int, *, now: float | None = None) -> str:
    """A session cookie value naming the organizer and its expiry, HMAC-signed."""
    payload = f"{organizer_id}.{int((now or time.time()) + SESSION_SECONDS)}"
    return f"{payload}.{_signature(settings, payload)}"


def read_organizer(settings: Settings, value: str, *, now: float | None = None) -> int | None:
    """The organizer id of a valid, unexpired cookie value, else None."""
    organizer, _, rest = value.partition(".")
    expires, _, signature = rest.partition(".")
    if not (organizer.isdigit() and expires.isdigit()):
        return None
    expected = _signature(settings, f"{organizer}.{expires}")
    if not hmac.compare_digest(expected, signature) or int(expires) < (now or time.time()):
        return None
    return int(organizer)


async def cookie_organizer(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> int | None:
    """The organizer signed in on this browser (a removed organizer's cookie is void)."""
    found = read_organizer(runtime.settings, request.cookies.get(ORGANIZER_COOKIE, ""))
    if found is None or found == 0:
        return found
    exists = await session.scalar(select(Organizer.id).where(Organizer.id == found))
    return found if exists is not None else None


CookieOrganizer = Annotated[int | None, Depends(cookie_organizer)]


async def get_dashboard_organizer(
    request: Request, session: SessionDep, runtime: RuntimeDep, cookie: CookieOrganizer
) -> Principal:
    """The organizer from a bearer token, else from the session cookie; 401/403 otherwise."""
    if request.headers.get("authorization"):
        token = bearer_token(request)
        principal = await resolve_principal(token, session=session, settings=runtime.settings)
        return require(principal, Role.organizer)
    if cookie is None:
        raise NotAuthenticated()
    return Principal(Role.organizer, cookie)


DashboardOrganizer = Annotated[Principal, Depends(get_dashboard_organizer)]
