"""Firm grade mappings: a firm maps its own grade names, an organizer any firm's."""

from __future__ import annotations

from fastapi import APIRouter

from services.auth.secrets import Role
from services.deps import EnterpriseDep, OrganizerDep, PrincipalDep, RuntimeDep, SessionDep
from services.errors import Forbidden, NotAuthenticated
from services.insights import grades
from services.insights.grades_schemas import GradeMappingRead, GradeMappingSaved, GradeMappingSet
from services.models import GradeSource

router = APIRouter(tags=["insights"])


@router.get("/api/grades")
async def list_grades(
    session: SessionDep, principal: PrincipalDep, enterprise_id: int | None = None
) -> list[GradeMappingRead]:
    """Grade mappings: a firm sees its own, an organizer every firm's (or one, ?enterprise_id=)."""
    if principal is None:
        raise NotAuthenticated()
    if principal.role is Role.enterprise:
        return await grades.list_mappings(session=session, enterprise_id=principal.id)
    if principal.role is not Role.organizer:
        raise Forbidden()
    return await grades.list_mappings(session=session, enterprise_id=enterprise_id)


@router.put("/api/grades")
async def set_own_grade(
    data: GradeMappingSet, runtime: RuntimeDep, session: SessionDep, enterprise: EnterpriseDep
) -> GradeMappingSaved:
    """A firm says what one of its grade names is on the national ladder (None: unknown)."""
    return await grades.set_mapping(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        grade_name=data.grade_name,
        skill_level=data.skill_level,
        source=GradeSource.firm,
    )


@router.put("/api/enterprises/{enterprise_id}/grades")
async def set_firm_grade(
    enterprise_id: int,
    data: GradeMappingSet,
    runtime: RuntimeDep,
    session: SessionDep,
    _org: OrganizerDep,
) -> GradeMappingSaved:
    """An organizer sets a firm's grade mapping (reviewing the parser's guesses)."""
    return await grades.set_mapping(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise_id,
        grade_name=data.grade_name,
        skill_level=data.skill_level,
        source=GradeSource.organizer,
    )
