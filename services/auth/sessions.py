"""Enterprise logins: username + password → an expiring session token (API or cookie)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.secrets import Role, hash_token, new_token, verify_password
from services.db import utcnow
from services.errors import NotAuthenticated
from services.models import Enterprise, EnterpriseSession

SESSION_LIFETIME = timedelta(days=7)


async def login_enterprise(
    *, session: AsyncSession, username: str, password: str
) -> tuple[Enterprise, str]:
    """Check the password and open a session; one message for unknown user and bad password."""
    enterprise = await session.scalar(select(Enterprise).where(Enterprise.username == username))
    # argon2 costs tens of milliseconds of CPU: off the event loop, unknown names included.
    stored = enterprise.password_hash if enterprise is not None else None
    if not await asyncio.to_thread(verify_password, stored, password) or enterprise is None:
        raise NotAuthenticated(bilingual("api.wrong_password"))
    token = new_token(Role.enterprise)
    session.add(
        EnterpriseSession(
            enterprise_id=enterprise.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + SESSION_LIFETIME,
        )
    )
    await session.execute(delete(EnterpriseSession).where(EnterpriseSession.expires_at < utcnow()))
    await session.commit()
    return enterprise, token


async def logout_enterprise(*, session: AsyncSession, token: str) -> None:
    """End the session behind a token (the account's permanent API token is not affected)."""
    await session.execute(
        delete(EnterpriseSession).where(EnterpriseSession.token_hash == hash_token(token))
    )
    await session.commit()


async def enterprise_for_session(*, session: AsyncSession, token: str) -> int | None:
    """The enterprise id of a live session token, or None."""
    found = await session.scalar(
        select(EnterpriseSession.enterprise_id).where(
            EnterpriseSession.token_hash == hash_token(token),
            EnterpriseSession.expires_at > utcnow(),
        )
    )
    return found
