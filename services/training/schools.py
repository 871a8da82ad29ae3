"""School accounts: created by an organizer like a firm account (a token shown once, its hash
stored); seekers pick their school on the résumé form and may share their fair results with it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.secrets import Role, hash_token, new_token
from services.errors import InvalidInput, NotFound
from services.models import Resume, School
from services.training.schemas import SchoolBrief, SchoolCreate, SchoolCreated


class SchoolNotFound(NotFound):
    detail = bilingual("api.school_not_found")


async def create_school(*, session: AsyncSession, data: SchoolCreate) -> SchoolCreated:
    """Create a school account; its token is returned this once."""
    token = new_token(Role.school)
    school = School(token_hash=hash_token(token), **data.model_dump())
    session.add(school)
    await session.commit()
    return SchoolCreated(id=school.id, name=school.name, token=token)


async def list_schools(*, session: AsyncSession) -> list[SchoolBrief]:
    """Every school, by name (the résumé form offers them)."""
    found = await session.scalars(select(School).order_by(School.name, School.id))
    return [SchoolBrief.model_validate(s) for s in found]


async def get_school(*, session: AsyncSession, school_id: int) -> School:
    school = await session.get(School, school_id)
    if school is None:
        raise SchoolNotFound()
    return school


async def delete_school(*, session: AsyncSession, school_id: int) -> None:
    """Remove a school account; its students' résumés keep no link to it and no consent (their
    consent named this school)."""
    school = await get_school(session=session, school_id=school_id)
    await session.execute(
        update(Resume)
        .where(Resume.school_id == school_id)
        .values(school_id=None, share_with_school=False)
    )
    await session.delete(school)
    await session.commit()


async def check_school_choice(*, session: AsyncSession, school_id: int | None) -> None:
    """A résumé may only name a school that exists (422 otherwise)."""
    if school_id is not None and await session.get(School, school_id) is None:
        raise InvalidInput(bilingual("api.school_not_found"))
