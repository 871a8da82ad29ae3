"""Secrets: bearer tokens (stored as SHA-256), enterprise passwords (argon2)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.config import ORGANIZER_PREFIX

_hasher = PasswordHasher()


class Role(StrEnum):
    organizer = "organizer"
    enterprise = "enterprise"
    seeker = "seeker"
    school = "school"


_PREFIX = {
    Role.organizer: ORGANIZER_PREFIX,
    Role.enterprise: "fm_e_",
    Role.seeker: "fm_s_",
    Role.school: "fm_sc_",
}


def new_token(role: Role) -> str:
    """A fresh high-entropy token whose prefix names its role."""
    return _PREFIX[role] + secrets.token_urlsafe(32)


def token_role(token: str) -> Role | None:
    """The role a token claims by its prefix (still to be verified against the database)."""
    for role, prefix in _PREFIX.items():
        if token.startswith(prefix):
            return role
    return None


def hash_token(token: str) -> str:
    """SHA-256 hex digest; tokens are random, so a fast hash is the right tool."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode(), b.encode())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _unusable_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(32))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; accounts without one cost the same time (no timing oracle)."""
    try:
        return _hasher.verify(password_hash or _unusable_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
