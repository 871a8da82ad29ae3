"""Fairs, enterprises and their booths."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.passwords import hash_new_password
from services.auth.secrets import Role, hash_token, new_token
from services.errors import Conflict, FairNotFound
from services.fairs.schemas import EnterpriseCreate, EnterpriseCreated, FairCreate
from services.insights.chains import place_new_enterprise
from services.models import Booth, Enterprise, Fair


async def create_fair(*, session: AsyncSession, data: FairCreate) -> Fair:
    """Create a fair (organizer)."""
    fair = Fair(**data.model_dump())
    session.add(fair)
    await session.commit()
    return fair


async def get_fair(*, session: AsyncSession, fair_id: int) -> Fair:
    """A fair by id, or FairNotFound."""
    fair = await session.get(Fair, fair_id)
    if fair is None:
        raise FairNotFound()
    return fair


async def _unique_username(session: AsyncSession) -> str:
    while True:
        candidate = f"ent{secrets.randbelow(10**6):06d}"
        if (
            await session.scalar(select(Enterprise.id).where(Enterprise.username == candidate))
            is None
        ):
            return candidate


async def create_enterprise(
    *, session: AsyncSession, fair_id: int, data: EnterpriseCreate
) -> EnterpriseCreated:
    """Create an enterprise account with a booth at the fair; returns its one-time secrets."""
    # Hashed before any query: no database connection is held while argon2 waits for its pool.
    password_hash = await hash_new_password(data.password) if data.password else None
    await get_fair(session=session, fair_id=fair_id)
    token = new_token(Role.enterprise)
    username = data.username or await _unique_username(session)
    enterprise = Enterprise(
        name=data.name,
        industry=data.industry,
        district=data.district,
        contact_name=data.contact_name,
        contact_phone=data.contact_phone or "",
        username=username,
        password_hash=password_hash,
        token_hash=hash_token(token),
    )
    session.add(enterprise)
    try:
        await session.flush()
        session.add(Booth(fair_id=fair_id, enterprise_id=enterprise.id, number=data.booth))
        await place_new_enterprise(session=session, enterprise_id=enterprise.id)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(bilingual("api.booth_taken")) from None
    return EnterpriseCreated(
        id=enterprise.id,
        name=enterprise.name,
        industry=enterprise.industry,
        district=enterprise.district,
        booth=data.booth,
        username=username,
        token=token,
    )
