"""Enterprise login and logout for API clients."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from services.auth.principals import bearer_token
from services.auth.schemas import LoginRequest, LoginResult
from services.auth.sessions import SESSION_LIFETIME, login_enterprise, logout_enterprise
from services.deps import EnterpriseDep, RuntimeDep, SessionDep
from services.web.ratelimit import client_address

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login")
async def login(
    data: LoginRequest, request: Request, session: SessionDep, runtime: RuntimeDep
) -> LoginResult:
    """Exchange an enterprise username and password for a 7-day session token (throttled)."""
    enterprise, token = await login_enterprise(
        session=session,
        username=data.username,
        password=data.password,
        throttle=runtime.logins,
        address=client_address(
            request.scope, trust_forwarded_for=runtime.settings.trust_forwarded_for
        ),
    )
    return LoginResult(
        token=token,
        enterprise_id=enterprise.id,
        enterprise_name=enterprise.name,
        expires_in=int(SESSION_LIFETIME.total_seconds()),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, session: SessionDep, _enterprise: EnterpriseDep) -> None:
    """End the current session token."""
    token = bearer_token(request)
    if token:
        await logout_enterprise(session=session, token=token)
