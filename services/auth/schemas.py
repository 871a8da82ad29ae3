"""Request and response bodies of enterprise log-in for API clients."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from services.schemas import Strict


class LoginRequest(Strict):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class LoginResult(BaseModel):
    token: str
    enterprise_id: int
    enterprise_name: str
    expires_in: int


class PasswordChange(Strict):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    new_password: Annotated[str, StringConstraints(max_length=128)]


class NewPassword(BaseModel):
    """A temporary password set by an organizer, shown once; the firm then changes it."""

    password: str


class NewToken(BaseModel):
    """A fresh permanent API token, shown once; the previous one no longer works."""

    token: str
