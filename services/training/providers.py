"""The training providers catalogue the organizer keeps: provider, courses, certificates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.errors import NotFound
from services.models import TrainingProvider
from services.training.schemas import ProviderCreate, ProviderRead


async def list_providers(*, session: AsyncSession) -> list[ProviderRead]:
    """Every provider, oldest first."""
    found = await session.scalars(select(TrainingProvider).order_by(TrainingProvider.id))
    return [ProviderRead.model_validate(p) for p in found]


async def create_provider(*, session: AsyncSession, data: ProviderCreate) -> ProviderRead:
    """Add a provider to the catalogue."""
    provider = TrainingProvider(**data.model_dump())
    session.add(provider)
    await session.commit()
    return ProviderRead.model_validate(provider)


async def update_provider(
    *, session: AsyncSession, provider_id: int, data: ProviderCreate
) -> ProviderRead:
    """Replace a provider's details."""
    provider = await session.get(TrainingProvider, provider_id)
    if provider is None:
        raise NotFound(bilingual("api.provider_not_found"))
    for key, value in data.model_dump().items():
        setattr(provider, key, value)
    await session.commit()
    return ProviderRead.model_validate(provider)


async def delete_provider(*, session: AsyncSession, provider_id: int) -> None:
    """Remove a provider from the catalogue (404 when it is not there)."""
    provider = await session.get(TrainingProvider, provider_id)
    if provider is None:
        raise NotFound(bilingual("api.provider_not_found"))
    await session.delete(provider)
    await session.commit()
