"""Typed dependencies, so that routes read like their signatures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from services.applications.hiring import CandidateFilters
from services.auth.principals import BearerToken, Principal, require, resolve_principal
from services.auth.secrets import Role
from services.exports.build import ExportFormat
from services.exports.downloads import ExportOptions
from services.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    """The app's runtime (async: FastAPI would run a plain function in its thread pool)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async with runtime.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


# Every read of the token goes through this one dependency: OpenAPI then lists the bearer scheme
# on exactly the operations that authenticate (the Authorize button of /docs).
TokenDep = Annotated[str | None, Depends(BearerToken(description=bilingual("api.token_scheme")))]
# openapi_extra of an operation that reads the token but answers anonymous callers too:
# appended to the derived `security`, the empty requirement marks the token optional.
TOKEN_OPTIONAL: dict[str, Any] = {"security": [{}]}


async def get_principal(
    token: TokenDep, session: SessionDep, runtime: RuntimeDep
) -> Principal | None:
    return await resolve_principal(token, session=session, settings=runtime.settings)


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


async def get_organizer(principal: PrincipalDep) -> Principal:
    return require(principal, Role.organizer)


async def get_enterprise(principal: PrincipalDep) -> Principal:
    return require(principal, Role.enterprise)


async def get_seeker(principal: PrincipalDep) -> Principal:
    return require(principal, Role.seeker)


async def get_school(principal: PrincipalDep) -> Principal:
    return require(principal, Role.school)


OrganizerDep = Annotated[Principal, Depends(get_organizer)]
EnterpriseDep = Annotated[Principal, Depends(get_enterprise)]
SeekerDep = Annotated[Principal, Depends(get_seeker)]
SchoolDep = Annotated[Principal, Depends(get_school)]


async def candidate_filters(
    applied_only: bool = False,
    skill_level: SkillLevel | None = None,
    education: Education | None = None,
    district: Annotated[str, Query(max_length=50)] = "",
    order: Annotated[str, Query(pattern="^(applied|mixed)$")] = "applied",
) -> CandidateFilters:
    """Candidate-list filters from the query string (shared by the API and the portal)."""
    return CandidateFilters(
        applied_only=applied_only,
        skill_level=skill_level,
        education=education,
        district=district.strip(),
        applicants_first=order == "applied",
    )


FiltersDep = Annotated[CandidateFilters, Depends(candidate_filters)]


async def export_options(
    filters: FiltersDep,
    format: ExportFormat = ExportFormat.xlsx,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> ExportOptions:
    """An export's candidates, size and format from the query string (API and portal alike)."""
    return ExportOptions(filters=filters, file_format=format, limit=limit)


ExportOptionsDep = Annotated[ExportOptions, Depends(export_options)]
