"""Fairs, their enterprises, page hits and statistics."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from sqlalchemy import select

from services.deps import OrganizerDep, RuntimeDep, SessionDep
from services.errors import EnterpriseNotFound, TooManyRequests
from services.fairs import service as fairs
from services.fairs.schemas import EnterpriseCreate, EnterpriseCreated, FairCreate, FairRead
from services.models import Booth
from services.stats import figures as stats
from services.stats.hits import Admission, record_page_hit
from services.stats.schemas import FairStats, PageHitCreate
from services.web.pages import Page

router = APIRouter(prefix="/api/fairs", tags=["fairs"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_fair(data: FairCreate, session: SessionDep, _org: OrganizerDep) -> FairRead:
    """Create a fair (organizer)."""
    return FairRead.model_validate(await fairs.create_fair(session=session, data=data))


@router.get("/{fair_id}")
async def read_fair(fair_id: int, session: SessionDep) -> FairRead:
    """A fair's public details."""
    return FairRead.model_validate(await fairs.get_fair(session=session, fair_id=fair_id))


@router.post("/{fair_id}/enterprises", status_code=status.HTTP_201_CREATED)
async def create_enterprise(
    fair_id: int, data: EnterpriseCreate, session: SessionDep, _org: OrganizerDep
) -> EnterpriseCreated:
    """Create an enterprise account with a booth; its token is shown only in this response."""
    return await fairs.create_enterprise(session=session, fair_id=fair_id, data=data)


@router.post(
    "/{fair_id}/hits",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={429: {"description": "此地址本分钟计数已满 / This address counted enough hits"}},
)
async def record_hit(
    fair_id: int, data: PageHitCreate, request: Request, runtime: RuntimeDep, session: SessionDep
) -> None:
    """Count a page view or QR scan (anonymous, cheap): once per visitor (cookie or address)
    and page per minute; 429 once the address counted its share this minute."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    if data.enterprise_id is not None:
        booth = await session.scalar(
            select(Booth.id).where(
                Booth.fair_id == fair_id, Booth.enterprise_id == data.enterprise_id
            )
        )
        if booth is None:
            raise EnterpriseNotFound()
    page = Page(request)
    admission = await record_page_hit(
        runtime=runtime,
        session=session,
        fair_id=fair_id,
        page=data.page,
        source=data.source,
        enterprise_id=data.enterprise_id,
        visitor=page.visitor,
        returning=page.returning,
        address=page.address(runtime.settings),
    )
    if admission is Admission.over_limit:
        raise TooManyRequests()


@router.get("/{fair_id}/stats")
async def fair_stats(fair_id: int, session: SessionDep, _org: OrganizerDep) -> FairStats:
    """Headline counts for a fair (organizer)."""
    return await stats.fair_stats(session=session, fair_id=fair_id)
