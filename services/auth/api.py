"""Enterprise login and logout for API clients; credentials: password change and reset, token
rotation and revocation."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from services.auth import accounts
from services.auth.schemas import LoginRequest, LoginResult, NewPassword, NewToken, PasswordChange
from services.auth.sessions import SESSION_LIFETIME, login_enterprise, logout_enterprise
from services.deps import EnterpriseDep, OrganizerDep, RuntimeDep, SessionDep, TokenDep
from services.web.ratelimit import client_address

router = APIRouter(tags=["auth"])


@router.post("/api/auth/login")
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


@router.post("/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(token: TokenDep, session: SessionDep, _enterprise: EnterpriseDep) -> None:
    """End the current session token."""
    if token:
        await logout_enterprise(session=session, token=token)


@router.post("/api/auth/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    data: PasswordChange,
    token: TokenDep,
    session: SessionDep,
    runtime: RuntimeDep,
    enterprise: EnterpriseDep,
) -> None:
    """Change the firm's password (the current one is required); other sessions end."""
    await accounts.change_password(
        session=session,
        enterprise_id=enterprise.id,
        current=data.current_password,
        new=data.new_password,
        keep_session=token,
        throttle=runtime.logins,
    )


@router.post("/api/auth/token")
async def rotate_token(session: SessionDep, enterprise: EnterpriseDep) -> NewToken:
    """Issue a new permanent API token; the previous one stops working."""
    return NewToken(token=await accounts.rotate_token(session=session, enterprise_id=enterprise.id))


@router.delete("/api/auth/token", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_token(session: SessionDep, enterprise: EnterpriseDep) -> None:
    """Revoke the permanent API token (sessions from a password login keep working)."""
    await accounts.revoke_token(session=session, enterprise_id=enterprise.id)


@router.post("/api/enterprises/{enterprise_id}/password")
async def reset_password(
    enterprise_id: int, session: SessionDep, _org: OrganizerDep
) -> NewPassword:
    """Organizer: give a firm a temporary password (shown once) and end all its sessions."""
    password = await accounts.reset_password(session=session, enterprise_id=enterprise_id)
    return NewPassword(password=password)


@router.post("/api/enterprises/{enterprise_id}/token")
async def reissue_token(enterprise_id: int, session: SessionDep, _org: OrganizerDep) -> NewToken:
    """Organizer: replace a firm's permanent API token (a leaked one stops working)."""
    return NewToken(token=await accounts.rotate_token(session=session, enterprise_id=enterprise_id))
