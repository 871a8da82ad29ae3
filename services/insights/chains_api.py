"""Industrial chains and enterprises' chain membership (organizer)."""

from __future__ import annotations

from fastapi import APIRouter, status

from services.deps import OrganizerDep, SessionDep
from services.insights import chains
from services.insights.chains_schemas import (
    ChainCreate,
    ChainRead,
    ChainUpdate,
    EnterpriseChainsRead,
    EnterpriseChainsSet,
)

router = APIRouter(tags=["insights"])


@router.get("/api/chains")
async def list_chains(session: SessionDep, _org: OrganizerDep) -> list[ChainRead]:
    """Every industrial chain with its member count (organizer)."""
    return await chains.list_chains(session=session)


@router.post("/api/chains", status_code=status.HTTP_201_CREATED)
async def create_chain(data: ChainCreate, session: SessionDep, _org: OrganizerDep) -> ChainRead:
    """Add an industrial chain (organizer)."""
    return await chains.create_chain(session=session, data=data)


@router.post("/api/chains/seed")
async def seed_chains(session: SessionDep, _org: OrganizerDep) -> dict[str, int]:
    """Add the shipped catalogue's missing chains; place firms without a chain by industry."""
    added, placed = await chains.seed_and_place(session=session)
    return {"chains_added": added, "memberships_added": placed}


@router.patch("/api/chains/{chain_id}")
async def update_chain(
    chain_id: int, data: ChainUpdate, session: SessionDep, _org: OrganizerDep
) -> ChainRead:
    """Change a chain (organizer)."""
    return await chains.update_chain(session=session, chain_id=chain_id, data=data)


@router.delete("/api/chains/{chain_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_chain(chain_id: int, session: SessionDep, _org: OrganizerDep) -> None:
    """Remove a chain and its memberships (organizer)."""
    await chains.delete_chain(session=session, chain_id=chain_id)


@router.get("/api/enterprises/{enterprise_id}/chains")
async def enterprise_chains(
    enterprise_id: int, session: SessionDep, _org: OrganizerDep
) -> EnterpriseChainsRead:
    """The chains an enterprise belongs to (organizer)."""
    found = await chains.enterprise_chain_ids(session=session, enterprise_id=enterprise_id)
    return EnterpriseChainsRead(enterprise_id=enterprise_id, chain_ids=found)


@router.put("/api/enterprises/{enterprise_id}/chains")
async def set_enterprise_chains(
    enterprise_id: int, data: EnterpriseChainsSet, session: SessionDep, _org: OrganizerDep
) -> EnterpriseChainsRead:
    """Replace the chains an enterprise belongs to (organizer)."""
    chain_ids = await chains.set_enterprise_chains(
        session=session, enterprise_id=enterprise_id, chain_ids=data.chain_ids
    )
    return EnterpriseChainsRead(enterprise_id=enterprise_id, chain_ids=chain_ids)
