"""Firms applying to take part in a fair (企业报名) and the organizer's decision."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.errors import Conflict, NotFound
from services.fairs.console import Issued, register_firm
from services.fairs.schemas import EnterpriseCreate, JoinCreate
from services.fairs.service import get_fair
from services.models import JoinRequest, JoinStatus


async def submit_join(*, session: AsyncSession, fair_id: int, data: JoinCreate) -> JoinRequest:
    """Record a firm's request; the same credit code twice at one fair is one request."""
    await get_fair(session=session, fair_id=fair_id)
    existing = await session.scalar(
        select(JoinRequest).where(
            JoinRequest.fair_id == fair_id,
            JoinRequest.credit_code == data.credit_code,
            JoinRequest.status != JoinStatus.rejected,
        )
    )
    if existing is not None:
        return existing
    request = JoinRequest(fair_id=fair_id, **data.model_dump())
    session.add(request)
    await session.commit()
    return request


async def join_requests(*, session: AsyncSession, fair_id: int) -> list[JoinRequest]:
    """A fair's requests, pending first, oldest first."""
    rows = await session.scalars(
        select(JoinRequest)
        .where(JoinRequest.fair_id == fair_id)
        .order_by(JoinRequest.status != JoinStatus.pending, JoinRequest.id)
    )
    return list(rows)


async def _pending(session: AsyncSession, fair_id: int, request_id: int) -> JoinRequest:
    request = await session.get(JoinRequest, request_id)
    if request is None or request.fair_id != fair_id:
        raise NotFound(bilingual("api.join_not_found"))
    if request.status is not JoinStatus.pending:
        raise Conflict(bilingual("api.join_decided"))
    return request


async def approve_join(
    *, session: AsyncSession, fair_id: int, request_id: int, booth: str
) -> Issued:
    """Create the firm's account at the booth; its password is returned once."""
    request = await _pending(session, fair_id, request_id)
    issued = await register_firm(
        session=session,
        fair_id=fair_id,
        data=EnterpriseCreate(
            name=request.name,
            industry=request.industry,
            booth=booth,
            contact_name=request.contact_name,
            contact_phone=request.contact_phone,
        ),
    )
    request = await _pending(session, fair_id, request_id)
    request.status = JoinStatus.approved
    request.enterprise_id = issued.enterprise_id
    await session.commit()
    return issued


async def reject_join(*, session: AsyncSession, fair_id: int, request_id: int) -> None:
    """Turn a request down."""
    request = await _pending(session, fair_id, request_id)
    request.status = JoinStatus.rejected
    await session.commit()
