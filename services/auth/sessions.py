"""Enterprise logins: username + password → an expiring session token (API or cookie)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.passwords import password_matches
from services.auth.secrets import Role, hash_token, new_token
from services.auth.throttle import LoginThrottle
from services.db import utcnow
from services.errors import NotAuthenticated, TooManyRequests
from services.models import Enterprise, EnterpriseSession

SESSION_LIFETIME = timedelta(days=7)


async def throttled(throttle: LoginThrottle, keys: list[str]) -> None:
    """429 + Retry-After while any of the keys is locked by earlier failures."""
    wait = await throttle.wait(keys)
    if wait is not None:
        refused = TooManyRequests(bilingual("api.login_throttled", seconds=wait))
        refused.retry_after = wait
        raise refused


async def login_enterprise(
    *, session: AsyncSession, username: str, password: str, throttle: LoginThrottle, address: str
) -> tuple[Enterprise, str]:
    """Check the password and open a session; one message for unknown user and bad password.

    Throttled per account and per address (429 + Retry-After), unknown names included.
    """
    account = f"account:{username.strip().lower()}"
    keys = [account, f"address:{address}"]
    await throttled(throttle, keys)
    enterprise = await session.scalar(select(Enterprise).where(Enterprise.username == username))
    # argon2 costs tens of milliseconds of CPU: on its own pool, unknown names included. The
    # check may wait for its turn there: give the database connection back meanwhile (the loaded
    # enterprise stays readable), or a storm of logins starves every other request of connections.
    await session.close()
    stored = enterprise.password_hash if enterprise is not None else None
    if not await password_matches(stored, password) or enterprise is None:
        await throttle.failed(keys)
        raise NotAuthenticated(bilingual("api.wrong_password"))
    await throttle.succeeded(account)
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
