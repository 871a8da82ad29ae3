"""The enterprise portal's grade mapping page: the firm's own grade names on the national ladder."""

from __future__ import annotations

from fastapi import APIRouter, Response

from matcher.domain import SkillLevel
from services.deps import RuntimeDep, SessionDep
from services.insights import grades
from services.models import GradeSource
from services.web.pages import PageDep
from services.web.portal_kit import PortalEnterpriseDep, PortalRoute, render

router = APIRouter(prefix="/portal/grades", route_class=PortalRoute, include_in_schema=False)


@router.get("")
async def grade_list(
    page: PageDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """The firm's grade names, the level each stands for, and a form to add or change one."""
    mappings = await grades.list_mappings(session=session, enterprise_id=enterprise.id)
    return render(
        page,
        "grades.html",
        enterprise,
        mappings=mappings,
        levels=list(SkillLevel),
        relevelled=grades.relevelled_count(page.request.query_params.get("relevelled")),
    )


@router.post("")
async def save_grade(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """Set one grade name's level; the firm's postings with that grade follow."""
    form = await page.checked_form()
    name = grades.normal_grade(str(form.get("grade_name") or ""))
    if not name or len(name) > 50:
        mappings = await grades.list_mappings(session=session, enterprise_id=enterprise.id)
        return render(
            page,
            "grades.html",
            enterprise,
            status_code=422,
            mappings=mappings,
            levels=list(SkillLevel),
            relevelled=None,
            error=page.t("grades.name_needed"),
        )
    saved = await grades.set_mapping(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        grade_name=name,
        skill_level=grades.level_choice(str(form.get("skill_level") or "")),
        source=GradeSource.firm,
    )
    return page.redirect(f"/portal/grades?relevelled={saved.relevelled}")
