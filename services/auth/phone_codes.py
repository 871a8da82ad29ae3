"""Find my résumé from another browser: a one-time code to the résumé's mobile number.

Six digits, valid five minutes, five tries each. At most one code a minute and five an hour per
number, twenty an hour per address. Asking for a code answers the same whether or not a résumé
has that number (a code is made either way; the message goes only to registered numbers), so
the form cannot be used to learn who is looking for work.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.auth.secrets import Role, hash_token, new_token, same_secret
from services.auth.sms import SmsFailed, SmsSender
from services.models import PhoneCode, Resume

log = logging.getLogger("fairmatch.sms")

CODE_DIGITS = 6
CODE_MINUTES = 5
MAX_TRIES = 5
PER_NUMBER_GAP = timedelta(seconds=60)
PER_NUMBER_PER_HOUR = 5
PER_ADDRESS_PER_HOUR = 20
KEPT = timedelta(days=1)
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()]")


class CodeRequest(StrEnum):
    sent = "sent"  # the same answer for registered and unknown numbers
    too_soon = "too_soon"
    invalid_phone = "invalid_phone"


class CodeCheck(StrEnum):
    found = "found"
    wrong = "wrong"  # wrong, expired, used up or never requested: one answer
    no_resume = "no_resume"  # the code was right: the number holds no résumé


@dataclass(frozen=True, slots=True)
class Requested:
    outcome: CodeRequest
    shown_code: str | None = None  # development only: the code to print on the page
    message: tuple[str, str] | None = None  # (phone, code) to text, for registered numbers


@dataclass(frozen=True, slots=True)
class Checked:
    outcome: CodeCheck
    resume: Resume | None = None
    token: str | None = None  # the résumé's new seeker token (the old cookie stops working)


def normalize_phone(raw: str) -> str | None:
    """An 11-digit mainland mobile number from what was typed (+86, spaces, dashes), or None."""
    digits = _SEPARATORS.sub("", raw.strip())
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
    return digits if _MAINLAND_MOBILE.fullmatch(digits) else None


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _code_digest(phone_digest: str, code: str) -> str:
    return _digest("code", f"{phone_digest}:{code}")


async def forget_codes(*, session: AsyncSession, phone: str) -> None:
    """Drop the number's codes (with the résumé; the caller commits)."""
    digest = _digest("phone", phone)
    await session.execute(delete(PhoneCode).where(PhoneCode.phone_digest == digest))


async def request_code(
    *,
    session: AsyncSession,
    raw_phone: str,
    address: str,
    now: datetime,
    show_code: bool,
) -> Requested:
    """Make a code for the number; `deliver` then texts it when a résumé has that number."""
    phone = normalize_phone(raw_phone)
    if phone is None:
        return Requested(CodeRequest.invalid_phone)
    phone_digest, address_digest = _digest("phone", phone), _digest("address", address)
    await session.execute(delete(PhoneCode).where(PhoneCode.created_at < now - KEPT))
    hour = now - timedelta(hours=1)
    by_number = (
        await session.execute(
            select(func.count(PhoneCode.id), func.max(PhoneCode.created_at)).where(
                PhoneCode.phone_digest == phone_digest, PhoneCode.created_at >= hour
            )
        )
    ).one()
    by_address = await session.scalar(
        select(func.count(PhoneCode.id)).where(
            PhoneCode.address_digest == address_digest, PhoneCode.created_at >= hour
        )
    )
    latest: datetime | None = by_number[1]
    if (
        by_number[0] >= PER_NUMBER_PER_HOUR
        or (by_address or 0) >= PER_ADDRESS_PER_HOUR
        or (latest is not None and now - latest < PER_NUMBER_GAP)
    ):
        await session.commit()
        return Requested(CodeRequest.too_soon)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    session.add(
        PhoneCode(
            phone_digest=phone_digest,
            address_digest=address_digest,
            code_digest=_code_digest(phone_digest, code),
            attempts=0,
            used=False,
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
    )
    await session.commit()
    registered = await session.scalar(select(Resume.id).where(Resume.phone == phone).limit(1))
    return Requested(
        CodeRequest.sent,
        shown_code=code if show_code else None,
        message=(phone, code) if registered is not None or show_code else None,
    )


async def deliver(*, sender: SmsSender, requested: Requested) -> None:
    """Text the code, after the answer went out: its timing must not tell who is registered."""
    if requested.message is None:
        return
    phone, code = requested.message
    try:
        await sender.send_code(phone=phone, code=code, minutes=CODE_MINUTES)
    except SmsFailed as exc:  # the seeker asks again; the operator sees why
        log.error("sms code not delivered: %s", exc)


async def check_code(*, session: AsyncSession, raw_phone: str, code: str, now: datetime) -> Checked:
    """Spend one try of the number's newest code; on a match, hand its résumé a new token."""
    phone = normalize_phone(raw_phone)
    if phone is None or not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code.strip()):
        return Checked(CodeCheck.wrong)
    phone_digest = _digest("phone", phone)
    pending = await session.scalar(
        select(PhoneCode)
        .where(PhoneCode.phone_digest == phone_digest)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc())
        .limit(1)
        .with_for_update()
    )
    if (
        pending is None
        or pending.used
        or pending.attempts >= MAX_TRIES
        or pending.expires_at <= now
    ):
        await session.commit()
        return Checked(CodeCheck.wrong)
    pending.attempts += 1
    if not same_secret(pending.code_digest, _code_digest(phone_digest, code.strip())):
        await session.commit()
        return Checked(CodeCheck.wrong)
    pending.used = True
    resume = await session.scalar(
        select(Resume).where(Resume.phone == phone).order_by(Resume.id.desc()).limit(1)
    )
    if resume is None:
        await session.commit()
        return Checked(CodeCheck.no_resume)
    token = new_token(Role.seeker)
    resume.token_hash = hash_token(token)
    await session.commit()
    return Checked(CodeCheck.found, resume=resume, token=token)
