"""Enterprise credentials after creation: change or reset the password, rotate or revoke the token.

Every change ends the sessions it should: a new password ends every other session of the firm
(a thief's included); a reset by an organizer ends all of them.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.passwords import hash_new_password, password_matches, require_good_password
from services.auth.secrets import Role, hash_token, new_token
from services.auth.sessions import throttled
from services.auth.throttle import LoginThrottle
from services.errors import EnterpriseNotFound, NotAuthenticated
from services.models import Enterprise, EnterpriseSession


async def _enterprise(session: AsyncSession, enterprise_id: int) -> Enterprise:
    enterprise = await session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise EnterpriseNotFound()
    return enterprise


async def _set_password_hash(session: AsyncSession, enterprise_id: int, digest: str) -> None:
    await session.execute(
        update(Enterprise).where(Enterprise.id == enterprise_id).values(password_hash=digest)
    )


async def _end_sessions(session: AsyncSession, enterprise_id: int, *, keep: str | None) -> None:
    ending = delete(EnterpriseSession).where(EnterpriseSession.enterprise_id == enterprise_id)
    if keep is not None:
        ending = ending.where(EnterpriseSession.token_hash != hash_token(keep))
    await session.execute(ending)


async def change_password(
    *,
    session: AsyncSession,
    enterprise_id: int,
    current: str,
    new: str,
    keep_session: str | None,
    throttle: LoginThrottle,
) -> None:
    """Set a new password after checking the current one (throttled like a login); every other
    session of the firm ends."""
    enterprise = await _enterprise(session, enterprise_id)
    await session.close()  # no connection held while argon2 waits for its pool (see sessions.py)
    account = f"account:{enterprise.username.lower()}"
    await throttled(throttle, [account])
    if not await password_matches(enterprise.password_hash, current):
        await throttle.failed([account])
        raise NotAuthenticated(bilingual("api.wrong_password"))
    require_good_password(new, user_inputs=(enterprise.username, enterprise.name))
    await _set_password_hash(session, enterprise_id, await hash_new_password(new))
    await _end_sessions(session, enterprise_id, keep=keep_session)
    await session.commit()


async def reset_password(*, session: AsyncSession, enterprise_id: int) -> str:
    """An organizer's reset: a random temporary password (returned once); all sessions end."""
    await _enterprise(session, enterprise_id)
    await session.close()
    password = secrets.token_urlsafe(12)
    await _set_password_hash(session, enterprise_id, await hash_new_password(password))
    await _end_sessions(session, enterprise_id, keep=None)
    await session.commit()
    return password


async def rotate_token(*, session: AsyncSession, enterprise_id: int) -> str:
    """A new permanent API token (returned once); the old one stops working at once."""
    enterprise = await _enterprise(session, enterprise_id)
    token = new_token(Role.enterprise)
    enterprise.token_hash = hash_token(token)
    await session.commit()
    return token


async def revoke_token(*, session: AsyncSession, enterprise_id: int) -> None:
    """Revoke the permanent API token without issuing another (the firm can rotate later)."""
    enterprise = await _enterprise(session, enterprise_id)
    enterprise.token_hash = hash_token(
        new_token(Role.enterprise)
    )  # a hash nobody holds a token for
    await session.commit()
