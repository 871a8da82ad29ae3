"""Seeker pages for finding and applying to jobs: fair and booth lists, job detail, apply."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend import STATIC_DIR
from matcher.csco import occupations_by_code
from matcher.domain import SkillLevel
from search.types import MAX_RESULT_WINDOW
from services.applications import service as applications
from services.deps import RuntimeDep, SessionDep
from services.errors import EnterpriseNotFound
from services.fairs import service as fairs
from services.fairs.qr import booth_number
from services.models import (
    Application,
    ApplicationStatus,
    Booth,
    Enterprise,
    Fair,
    Posting,
    PostingStatus,
)
from services.postings import service as postings
from services.web.pages import CookieSeekerDep, PageDep, PageRoute, record_hit

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PAGE_SIZE = 20
SALARY_STEPS = (3000, 5000, 6000, 8000, 10000, 15000)
_OCCUPATION = re.compile(r"^\d(-\d{2}){0,3}$")

Text = Annotated[str, Query(max_length=100)]


async def _facets(session: AsyncSession, fair_id: int) -> dict[str, object]:
    """Filter choices that exist at this fair: trade groups and districts."""
    codes = await session.scalars(
        select(Posting.occupation_code)
        .where(
            Posting.fair_id == fair_id,
            Posting.status == PostingStatus.open,
            Posting.occupation_code.is_not(None),
        )
        .distinct()
    )
    table = occupations_by_code()
    groups: dict[str, str] = {}
    for code in codes:
        group = "-".join((code or "").split("-")[:2])
        row = table.get(f"{group}-00-00")
        if row is not None:
            groups[group] = row.display_name
    districts = await session.scalars(
        select(Enterprise.district)
        .join(Booth, Booth.enterprise_id == Enterprise.id)
        .where(Booth.fair_id == fair_id, Enterprise.district != "")
        .distinct()
    )
    return {
        "groups": sorted(groups.items()),
        "levels": list(SkillLevel),
        "districts": sorted(districts),
        "salaries": SALARY_STEPS,
    }


async def _job_list(
    page: PageDep,
    runtime: RuntimeDep,
    session: AsyncSession,
    *,
    fair: Fair,
    booth: ListedBooth | None,
    params: JobListParams,
) -> Response:
    filters, page_number = params.filters, params.page
    enterprise_id = booth.enterprise_id if booth is not None else None
    level = filters["level"] if filters["level"] in SkillLevel.__members__ else None
    salary = filters["salary"]
    query = postings.PostingQuery(
        fair_id=fair.id,
        enterprise_id=enterprise_id,
        q=filters["q"].strip(),
        skill_level=SkillLevel(level) if level else None,
        occupation_code=filters["occupation"] if _OCCUPATION.match(filters["occupation"]) else None,
        district=filters["district"] or None,
        salary_min=int(salary) if salary.isdigit() and int(salary) <= 1_000_000 else None,
        sort=_sort(filters["sort"]),
        page=page_number,
        page_size=PAGE_SIZE,
    )
    result = await postings.list_postings(runtime=runtime, session=session, query=query)
    await record_hit(
        runtime, session, page, fair_id=fair.id, name="jobs", enterprise_id=enterprise_id
    )
    # Searches stop at the search engine's result window (a deeper page answers 422).
    last = MAX_RESULT_WINDOW // PAGE_SIZE if query.q else 1000
    pages = max(1, min(last, math.ceil(result.total / PAGE_SIZE)))
    return page.render(
        "jobs.html",
        home_url=f"/f/{fair.id}",
        list_path=page.request.url.path,
        fair=fair,
        booth=booth,
        result=result,
        pages=pages,
        filters=filters | {"active": any(filters[k] for k in filters if k not in ("q", "sort"))},
        options=await _facets(session, fair.id),
        sorts=list(postings.PostingSort),
        prev_url=page.url_with(page=page_number - 1 if page_number > 2 else None)
        if page_number > 1
        else None,
        next_url=page.url_with(page=page_number + 1) if page_number < pages else None,
    )


@dataclass(frozen=True)
class JobListParams:
    """The job list's query string: search words, filters and the page number."""

    q: str
    occupation: str
    level: str
    district: str
    salary: str
    sort: str
    page: int

    @property
    def filters(self) -> dict[str, str]:
        return {
            "q": self.q,
            "occupation": self.occupation,
            "level": self.level,
            "district": self.district,
            "salary": self.salary,
            "sort": self.sort,
        }


async def job_list_params(
    q: Text = "",
    occupation: Text = "",
    level: Text = "",
    district: Text = "",
    salary: Text = "",
    sort: Text = "",
    p: Annotated[int, Query(ge=1, le=1000, alias="page")] = 1,
) -> JobListParams:
    """The job list's parameters, the same for a fair's list and a booth's."""
    return JobListParams(q, occupation, level, district, salary, sort, p)


def _sort(value: str) -> postings.PostingSort:
    """The chosen order; none or an unknown one (an edited link) is firms in turn."""
    try:
        return postings.PostingSort(value)
    except ValueError:
        return postings.PostingSort.mixed


ListParams = Annotated[JobListParams, Depends(job_list_params)]


@dataclass(frozen=True)
class ListedBooth:
    """The booth whose jobs a list shows (its QR code's page)."""

    number: str
    enterprise_id: int
    enterprise_name: str
    industry: str = ""
    district: str = ""


@router.get("/f/{fair_id}")
async def fair_jobs(
    fair_id: int, page: PageDep, runtime: RuntimeDep, session: SessionDep, params: ListParams
) -> Response:
    """A fair's open jobs: search, filters, pages. Opened from the entrance QR code."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    return await _job_list(page, runtime, session, fair=fair, booth=None, params=params)


@router.get("/f/{fair_id}/b/{enterprise_id}")
async def booth_jobs(
    fair_id: int,
    enterprise_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    params: ListParams,
) -> Response:
    """One booth's jobs. Opened from the booth's QR code."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    number = await booth_number(session=session, fair_id=fair_id, enterprise_id=enterprise_id)
    enterprise = await session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise EnterpriseNotFound()
    booth = ListedBooth(
        number=number,
        enterprise_id=enterprise_id,
        enterprise_name=enterprise.name,
        industry=enterprise.industry,
        district=enterprise.district,
    )
    return await _job_list(page, runtime, session, fair=fair, booth=booth, params=params)


async def _has_applied(session: AsyncSession, resume_id: int, posting_id: int) -> bool:
    found = await session.scalar(
        select(Application.id).where(
            Application.resume_id == resume_id,
            Application.posting_id == posting_id,
            Application.status == ApplicationStatus.submitted,
        )
    )
    return found is not None


@router.get("/jobs/{posting_id}")
async def job_detail(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """A job: duties, requirements, certificates, booth and the Apply button."""
    job = await postings.read_posting(session=session, posting_id=posting_id)
    applied = seeker is not None and await _has_applied(session, seeker.id, posting_id)
    await record_hit(
        runtime, session, page, fair_id=job.fair_id, name="job", enterprise_id=job.enterprise_id
    )
    return page.render(
        "job.html",
        home_url=f"/f/{job.fair_id}",
        job=job,
        seeker=seeker,
        applied=applied,
        saved=page.saved_notice,
    )


@router.post("/jobs/{posting_id}/apply")
async def apply(
    posting_id: int,
    request: Request,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """Apply with the seeker's résumé (one tap); new seekers fill in a résumé first."""
    await page.checked_form()
    if seeker is None:
        return page.redirect(f"/resume?job={posting_id}")
    await applications.apply(
        runtime=runtime, session=session, resume_id=seeker.id, posting_id=posting_id
    )
    return page.redirect(f"/jobs/{posting_id}/applied")


@router.get("/jobs/{posting_id}/applied")
async def applied(
    posting_id: int, page: PageDep, session: SessionDep, seeker: CookieSeekerDep
) -> Response:
    """Confirmation of an application, with the booth to walk to."""
    if seeker is None or not await _has_applied(session, seeker.id, posting_id):
        return page.redirect(f"/jobs/{posting_id}")
    job = await postings.read_posting(session=session, posting_id=posting_id)
    return page.render(
        "applied.html", home_url=f"/f/{job.fair_id}", job=job, saved=page.saved_notice
    )


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    """The site icon browsers ask for on every first visit (a 404 is a console error)."""
    return FileResponse(
        STATIC_DIR / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=604800"},
    )


@router.get("/privacy")
async def privacy(page: PageDep) -> Response:
    """The privacy notice: what is collected, who sees it, retention, deletion."""
    return page.render("privacy.html")
