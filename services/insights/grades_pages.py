"""The organizer console's grade mapping page: every firm's grade names, guesses first."""

from __future__ import annotations

from fastapi import APIRouter, Response

from matcher.domain import SkillLevel
from services.auth.organizer_sessions import ConsoleOrganizer
from services.deps import RuntimeDep, SessionDep
from services.insights import grades
from services.models import GradeSource
from services.web.pages import PageDep, PageRoute

router = APIRouter(prefix="/organizer/grades", route_class=PageRoute, include_in_schema=False)


@router.get("")
async def grade_list(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Every firm's grade mappings; the parser's guesses come first, marked for review."""
    mappings = await grades.list_mappings(session=session)
    return page.render(
        "organizer/grades.html",
        mappings=mappings,
        levels=list(SkillLevel),
        guesses=sum(m.source is GradeSource.guess for m in mappings),
        relevelled=grades.relevelled_count(page.request.query_params.get("relevelled")),
    )


@router.post("/{mapping_id}")
async def save_grade(
    mapping_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    _org: ConsoleOrganizer,
) -> Response:
    """Confirm or correct one mapping; the firm's postings with that grade follow."""
    form = await page.checked_form()
    saved = await grades.set_mapping_by_id(
        runtime=runtime,
        session=session,
        mapping_id=mapping_id,
        skill_level=grades.level_choice(str(form.get("skill_level") or "")),
        source=GradeSource.organizer,
    )
    return page.redirect(f"/organizer/grades?relevelled={saved.relevelled}#grade-{mapping_id}")
