"""Enterprise passwords: the policy, and argon2 on a small pool of its own.

argon2 costs tens of milliseconds of CPU and 64 MB of memory per check, so checks and hashes run
on at most `PASSWORD_POOL.size` threads: forty concurrent bad logins cannot add hundreds of
megabytes, nor delay anyone else's search. A waiting check costs no memory, so up to 64 wait (80
firms signing in as a fair opens get through); beyond that, 503 + Retry-After.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontend.i18n import bilingual
from services.auth.secrets import hash_password, verify_password
from services.errors import InvalidInput
from services.web.capacity import WorkPool

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 0 too guessable … 4 very unguessable (3: < 10^10 guesses)

PASSWORD_POOL = WorkPool("passwords", size=2, queue=64, retry_after=2, niceness=10)


def password_problem(password: str, *, user_inputs: Iterable[str] = ()) -> str | None:
    """Why a new password is refused (bilingual), or None when it is acceptable."""
    if not password.strip():
        return bilingual("password.blank")
    if len(password) < MIN_LENGTH:
        return bilingual("password.too_short", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return bilingual("password.too_long", n=MAX_LENGTH)
    from zxcvbn import zxcvbn

    inputs = [word for word in user_inputs if word]
    if int(zxcvbn(password, user_inputs=inputs)["score"]) < MIN_SCORE:
        return bilingual("password.common")
    return None


def require_good_password(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """InvalidInput (422) naming what is wrong with a new password."""
    problem = password_problem(password, user_inputs=user_inputs)
    if problem is not None:
        raise InvalidInput(problem)


async def hash_new_password(password: str) -> str:
    """The argon2 hash of a password, computed on the password pool."""
    return await PASSWORD_POOL.run(hash_password, password)


async def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password on the password pool (Busy when too many checks are under way)."""
    return await PASSWORD_POOL.run(verify_password, password_hash, password)
