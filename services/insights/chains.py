"""Industrial chains and which enterprises belong to them (EnterpriseChain).

Chain membership of a posting goes through its enterprise: `enterprise_chain_ids` and
`chain_enterprise_ids` are the look-ups the demand map uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.errors import Conflict, EnterpriseNotFound, NotFound
from services.insights.chains_catalogue import assign_by_industry, seed_chains
from services.insights.chains_schemas import ChainCreate, ChainRead, ChainUpdate
from services.models import Chain, Enterprise, EnterpriseChain


class ChainNotFound(NotFound):
    detail = bilingual("api.chain_not_found")


async def _member_counts(session: AsyncSession) -> Counter[int]:
    rows = await session.execute(
        select(EnterpriseChain.chain_id, func.count()).group_by(EnterpriseChain.chain_id)
    )
    return Counter({chain_id: count for chain_id, count in rows})


def _read(chain: Chain, members: Counter[int]) -> ChainRead:
    return ChainRead.model_validate(chain).model_copy(update={"enterprises": members[chain.id]})


async def list_chains(*, session: AsyncSession) -> list[ChainRead]:
    """Every chain in display order, with how many enterprises belong to it."""
    chains = await session.scalars(select(Chain).order_by(Chain.position, Chain.id))
    members = await _member_counts(session)
    return [_read(chain, members) for chain in chains]


async def get_chain(*, session: AsyncSession, chain_id: int) -> Chain:
    """One chain, or ChainNotFound."""
    chain = await session.get(Chain, chain_id)
    if chain is None:
        raise ChainNotFound()
    return chain


async def read_chain(*, session: AsyncSession, chain_id: int) -> ChainRead:
    """One chain with its member count."""
    chain = await get_chain(session=session, chain_id=chain_id)
    return _read(chain, await _member_counts(session))


async def create_chain(*, session: AsyncSession, data: ChainCreate) -> ChainRead:
    """Add a chain (organizer); a taken slug is a conflict."""
    fields = data.model_dump()
    if fields["position"] is None:
        last = await session.scalar(select(func.max(Chain.position)))
        fields["position"] = 0 if last is None else last + 1
    chain = Chain(**fields)
    session.add(chain)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(bilingual("api.chain_slug_taken")) from None
    return await read_chain(session=session, chain_id=chain.id)


async def update_chain(*, session: AsyncSession, chain_id: int, data: ChainUpdate) -> ChainRead:
    """Change a chain's names, industries, occupations, source or position (organizer)."""
    chain = await get_chain(session=session, chain_id=chain_id)
    for key, value in data.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(chain, key, value)
    await session.commit()
    return await read_chain(session=session, chain_id=chain_id)


async def delete_chain(*, session: AsyncSession, chain_id: int) -> None:
    """Remove a chain and its memberships (organizer)."""
    await get_chain(session=session, chain_id=chain_id)
    await session.execute(delete(EnterpriseChain).where(EnterpriseChain.chain_id == chain_id))
    await session.execute(delete(Chain).where(Chain.id == chain_id))
    await session.commit()


async def enterprise_chain_ids(*, session: AsyncSession, enterprise_id: int) -> list[int]:
    """The chains one enterprise belongs to."""
    found = await session.scalars(
        select(EnterpriseChain.chain_id)
        .where(EnterpriseChain.enterprise_id == enterprise_id)
        .order_by(EnterpriseChain.chain_id)
    )
    return list(found)


async def chain_enterprise_ids(*, session: AsyncSession) -> dict[int, set[int]]:
    """Every chain's member enterprises: chain id → enterprise ids."""
    members: dict[int, set[int]] = {}
    rows = await session.execute(select(EnterpriseChain.chain_id, EnterpriseChain.enterprise_id))
    for chain_id, enterprise_id in rows:
        members.setdefault(chain_id, set()).add(enterprise_id)
    return members


async def set_enterprise_chains(
    *, session: AsyncSession, enterprise_id: int, chain_ids: Sequence[int]
) -> list[int]:
    """Replace an enterprise's chains with these (organizer); an empty list takes it out of all."""
    if await session.get(Enterprise, enterprise_id) is None:
        raise EnterpriseNotFound()
    wanted = sorted(set(chain_ids))
    known = set(await session.scalars(select(Chain.id).where(Chain.id.in_(wanted))))
    if len(known) != len(wanted):
        raise ChainNotFound()
    await session.execute(
        delete(EnterpriseChain).where(EnterpriseChain.enterprise_id == enterprise_id)
    )
    if wanted:
        await session.execute(
            insert(EnterpriseChain),
            [{"enterprise_id": enterprise_id, "chain_id": chain_id} for chain_id in wanted],
        )
    await session.commit()
    return wanted


async def place_new_enterprise(*, session: AsyncSession, enterprise_id: int) -> None:
    """Put a just-created (flushed, not yet committed) enterprise into its industry's chains."""
    await session.run_sync(
        lambda sync: assign_by_industry(sync.connection(), enterprise_ids=[enterprise_id])
    )


async def seed_and_place(*, session: AsyncSession) -> tuple[int, int]:
    """Add missing catalogue chains and place every firm without a chain; (chains, memberships)."""
    added = await session.run_sync(lambda sync: seed_chains(sync.connection()))
    placed = await session.run_sync(lambda sync: assign_by_industry(sync.connection()))
    await session.commit()
    return added, placed
