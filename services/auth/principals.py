"""Who is calling: organizer, enterprise, seeker or school, from a bearer token or a cookie."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from frontend.i18n import bilingual
from services.auth.secrets import Role, hash_token, same_secret, token_role
from services.auth.sessions import enterprise_for_session
from services.config import Settings
from services.errors import Forbidden, NotAuthenticated
from services.models import Enterprise, Organizer, Resume, School

SEEKER_COOKIE = "fm_seeker"
ENTERPRISE_COOKIE = "fm_ent"  # the portal's session (services/web/portal_kit.py)
ORGANIZER_COOKIE = "fm_org"  # the dashboard's session (services/auth/organizer_sessions.py)
SCHOOL_COOKIE = "fm_school"  # a school's report pages (services/training/school_pages.py)


# Built once (every authenticated request runs one of them): compiled forms are reused.
_BY_TOKEN = {
    Role.organizer: select(Organizer.id).where(Organizer.token_hash == bindparam("digest")),
    Role.enterprise: select(Enterprise.id).where(Enterprise.token_hash == bindparam("digest")),
    Role.seeker: select(Resume.id).where(Resume.token_hash == bindparam("digest")),
    Role.school: select(School.id).where(School.token_hash == bindparam("digest")),
}


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    id: int


def bearer_token(request: Request | HTTPConnection) -> str | None:
    """The bearer token of the request, falling back to the seeker cookie for web pages."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SEEKER_COOKIE) or None


class BearerToken(SecurityBase):
    """Dependency: the request's token as `bearer_token` reads it (None when there is none).

    Being a FastAPI security scheme, it puts an HTTP bearer scheme in the OpenAPI schema and
    lists it under `security` on every operation whose dependencies read the token, so the
    docs' Authorize button sends it. It never refuses a request itself: a missing or void token
    is judged by `resolve_principal` and `require`.
    """

    def __init__(self, *, description: str) -> None:
        self.model = HTTPBearerModel(description=description)
        self.scheme_name = type(self).__name__

    async def __call__(self, request: Request) -> str | None:
        return bearer_token(request)


def request_credential(connection: HTTPConnection) -> str | None:
    """The one credential authentication reads for this path, parsed as it parses it: the portal
    reads its session cookie, the dashboard its own, the API the bearer token or else the
    seeker cookie, and seeker pages the seeker cookie alone. The rate limiter counts per this
    value (issue 22, row 8)."""
    path = connection.url.path
    if path == "/portal" or path.startswith("/portal/"):
        return connection.cookies.get(ENTERPRISE_COOKIE) or None
    if path == "/dashboard" or path.startswith("/dashboard/"):
        return connection.cookies.get(ORGANIZER_COOKIE) or None
    if path == "/school" or path.startswith("/school/"):
        return connection.cookies.get(SCHOOL_COOKIE) or None
    if path.startswith("/api/"):
        return bearer_token(connection)
    return connection.cookies.get(SEEKER_COOKIE) or None


async def resolve_principal(
    token: str | None, *, session: AsyncSession, settings: Settings
) -> Principal | None:
    """Verify a token against settings and the database; None for anonymous callers."""
    if token is None:
        return None
    role = token_role(token)
    if role is None:
        raise NotAuthenticated(bilingual("api.invalid_token"))
    if role is Role.organizer and same_secret(token, settings.admin_token):
        return Principal(Role.organizer, 0)
    found = await session.scalar(_BY_TOKEN[role], {"digest": hash_token(token)})
    if found is None and role is Role.enterprise:
        found = await enterprise_for_session(session=session, token=token)
    if found is None:
        raise NotAuthenticated(bilingual("api.revoked_token"))
    return Principal(role, found)


async def principal_id_of(
    token: str | None, *, role: Role, session: AsyncSession, settings: Settings
) -> int | None:
    """The id of the `role` account a token names; None when it names none, is void, or names
    another role (for sign-in forms and cookies, which answer with a page, not a 401)."""
    if not token:
        return None
    try:
        principal = await resolve_principal(token, session=session, settings=settings)
    except NotAuthenticated:
        return None
    if principal is None or principal.role is not role:
        return None
    return principal.id


def require(principal: Principal | None, role: Role) -> Principal:
    """The principal if it has the role: 401 when anonymous, 403 when another role."""
    if principal is None:
        raise NotAuthenticated()
    if principal.role is not role:
        raise Forbidden()
    return principal
