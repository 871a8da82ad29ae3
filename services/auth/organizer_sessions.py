"""Organizer sessions: a cookie (HttpOnly, SameSite=Strict, 12 hours) for the dashboard page and
its event stream, which cannot send headers; API clients use the bearer token. The cookie holds a
random token whose hash is a row of organizer_sessions: logging out deletes the row, so a copied
cookie dies with the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.auth.principals import Principal, require, resolve_principal
from services.auth.secrets import Role, hash_token
from services.db import utcnow
from services.deps import RuntimeDep, SessionDep, TokenDep
from services.errors import NotAuthenticated
from services.models import Organizer, OrganizerSession

ORGANIZER_COOKIE = "fm_org"
SESSION_SECONDS = 12 * 3600


def login_url(next_url: str) -> str:
    """The organizer sign-in page, coming back to next_url."""
    return f"/dashboard/login?next={quote(next_url)}"


async def open_organizer_session(*, session: AsyncSession, organizer_id: int) -> str:
    """Record a dashboard session; the random token it returns goes in the cookie."""
    token = "fm_os_" + secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        OrganizerSession(
            organizer_id=organizer_id,
            token_hash=hash_token(token),
            expires_at=now + timedelta(seconds=SESSION_SECONDS),
        )
    )
    await session.execute(delete(OrganizerSession).where(OrganizerSession.expires_at < now))
    await session.commit()
    return token


async def close_organizer_session(*, session: AsyncSession, token: str) -> None:
    """End the dashboard session behind a cookie: the same value never works again."""
    await session.execute(
        delete(OrganizerSession).where(OrganizerSession.token_hash == hash_token(token))
    )
    await session.commit()


async def organizer_for_session(*, session: AsyncSession, token: str) -> int | None:
    """The organizer id of a live dashboard session token, else None."""
    if not token:
        return None
    found: int | None = await session.scalar(
        select(OrganizerSession.organizer_id).where(
            OrganizerSession.token_hash == hash_token(token),
            OrganizerSession.expires_at > utcnow(),
        )
    )
    return found


async def cookie_organizer(request: Request, session: SessionDep) -> int | None:
    """The organizer signed in on this browser (a removed organizer's cookie is void)."""
    found = await organizer_for_session(
        session=session, token=request.cookies.get(ORGANIZER_COOKIE, "")
    )
    if found is None or found == 0:
        return found
    exists = await session.scalar(select(Organizer.id).where(Organizer.id == found))
    return found if exists is not None else None


CookieOrganizer = Annotated[int | None, Depends(cookie_organizer)]


class SignInRequired(NotAuthenticated):
    """Nobody is signed in on an organizer page: pages (PageRoute) answer with the sign-in page,
    which comes back to `next_url`; anywhere else it is a plain 401."""

    def __init__(self, next_url: str) -> None:
        super().__init__()
        self.next_url = next_url


def this_page(request: Request) -> str:
    """The path asked for: where signing in comes back to, unless a route says otherwise."""
    return request.url.path


class OrganizerSignIn:
    """Dependency: the signed-in organizer's id, checked before anything the browser sent is read;
    else SignInRequired coming back to `back_to` (a path, or one made from the request)."""

    def __init__(self, back_to: str | Callable[[Request], str] = this_page) -> None:
        self.back_to = back_to

    async def __call__(self, request: Request, organizer: CookieOrganizer) -> int:
        if organizer is None:
            back_to = self.back_to
            raise SignInRequired(back_to if isinstance(back_to, str) else back_to(request))
        return organizer


ConsoleOrganizer = Annotated[int, Depends(OrganizerSignIn())]


async def get_dashboard_organizer(
    request: Request,
    token: TokenDep,
    session: SessionDep,
    runtime: RuntimeDep,
    cookie: CookieOrganizer,
) -> Principal:
    """The organizer from a bearer token, else from the session cookie; 401/403 otherwise."""
    if request.headers.get("authorization"):
        principal = await resolve_principal(token, session=session, settings=runtime.settings)
        return require(principal, Role.organizer)
    if cookie is None:
        raise NotAuthenticated()
    return Principal(Role.organizer, cookie)


DashboardOrganizer = Annotated[Principal, Depends(get_dashboard_organizer)]
