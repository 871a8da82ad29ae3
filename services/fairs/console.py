"""What the organizer console does beyond the API: edit and close fairs, firms with one-time
passwords (one at a time or from an Excel list), password resets, organizer accounts."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from services.auth.secrets import Role, hash_password, hash_token, new_token
from services.db import utcnow
from services.errors import AppError, Conflict, NotFound
from services.fairs.schemas import EnterpriseCreate, EnterpriseCreated, FairCreate
from services.fairs.service import create_enterprise, get_fair
from services.models import Booth, Enterprise, EnterpriseSession, Fair, Organizer

# Column titles an organizer's Excel list may use (first row), by field.
IMPORT_COLUMNS = {
    "name": ("企业名称", "企业", "名称", "name", "enterprise"),
    "booth": ("展位号", "展位", "booth"),
    "industry": ("行业", "industry"),
    "district": ("所在区", "区", "district"),
    "contact_name": ("联系人", "contact"),
    "contact_phone": ("联系电话", "电话", "手机", "phone"),
}
MAX_IMPORT_ROWS = 500


class ImportRejected(AppError):
    """The list cannot be imported as it is; nothing was created."""

    status_code = 422


@dataclass(frozen=True, slots=True)
class Issued:
    """A firm's login as the organizer hands it over: shown once, stored only as hashes."""

    enterprise_id: int
    name: str
    booth: str
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class FirmAtFair:
    enterprise_id: int
    name: str
    booth: str
    username: str
    industry: str
    contact_name: str


def new_password() -> str:
    """A 12-character initial password, easy to read out over the phone (no 0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def fair_state(fair: Fair) -> str:
    """upcoming, open or ended, by the clock."""
    now = utcnow()
    return "upcoming" if now < fair.starts_at else "ended" if now >= fair.ends_at else "open"


async def update_fair(*, session: AsyncSession, fair_id: int, data: FairCreate) -> Fair:
    """Change a fair's name, venue or hours."""
    fair = await get_fair(session=session, fair_id=fair_id)
    for field, value in data.model_dump().items():
        setattr(fair, field, value)
    await session.commit()
    return fair


async def close_fair(*, session: AsyncSession, fair_id: int) -> Fair:
    """End a fair now (its dashboard then says 已结束); reopening is editing its hours."""
    fair = await get_fair(session=session, fair_id=fair_id)
    now = utcnow()
    if fair.starts_at < now < fair.ends_at:
        fair.ends_at = now
        await session.commit()
    return fair


async def firms_at(*, session: AsyncSession, fair_id: int) -> list[FirmAtFair]:
    """The fair's firms in booth order."""
    rows = await session.execute(
        select(Booth.number, Enterprise)
        .join(Enterprise, Enterprise.id == Booth.enterprise_id)
        .where(Booth.fair_id == fair_id)
        .order_by(Booth.number)
    )
    return [
        FirmAtFair(e.id, e.name, number, e.username, e.industry, e.contact_name)
        for number, e in rows
    ]


async def register_firm(*, session: AsyncSession, fair_id: int, data: EnterpriseCreate) -> Issued:
    """Create a firm's account and booth with a fresh password, returned once."""
    password = data.password or new_password()
    created: EnterpriseCreated = await create_enterprise(
        session=session, fair_id=fair_id, data=data.model_copy(update={"password": password})
    )
    return Issued(created.id, created.name, created.booth, created.username, password)


async def reset_password(*, session: AsyncSession, fair_id: int, enterprise_id: int) -> Issued:
    """A new password for a firm at this fair; its open sessions end."""
    row = (
        await session.execute(
            select(Booth.number, Enterprise)
            .join(Enterprise, Enterprise.id == Booth.enterprise_id)
            .where(Booth.fair_id == fair_id, Booth.enterprise_id == enterprise_id)
        )
    ).first()
    if row is None:
        raise NotFound(bilingual("api.enterprise_not_found"))
    number, enterprise = row
    password = new_password()
    enterprise.password_hash = hash_password(password)
    await session.execute(
        delete(EnterpriseSession).where(EnterpriseSession.enterprise_id == enterprise_id)
    )
    await session.commit()
    return Issued(enterprise.id, enterprise.name, number, enterprise.username, password)


async def move_booth(
    *, session: AsyncSession, fair_id: int, enterprise_id: int, number: str
) -> None:
    """Give a firm another booth number at the fair; a number in use is refused."""
    booth = await session.scalar(
        select(Booth).where(Booth.fair_id == fair_id, Booth.enterprise_id == enterprise_id)
    )
    if booth is None:
        raise NotFound(bilingual("api.enterprise_not_found"))
    booth.number = number
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(bilingual("api.booth_taken")) from None


def read_firm_list(content: bytes) -> list[EnterpriseCreate]:
    """The firms of an Excel list (first sheet, a title row, one firm per row), all checked
    before anything is created: any bad row rejects the list, naming its row."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception:  # not an .xlsx at all: openpyxl raises a dozen kinds
        raise ImportRejected(bilingual("api.import_not_xlsx")) from None
    if not lines:
        raise ImportRejected(bilingual("api.import_empty"))
    titles = [str(cell or "").strip().lower() for cell in lines[0]]
    where = {
        field: next((titles.index(n) for n in names if n.lower() in titles), None)
        for field, names in IMPORT_COLUMNS.items()
    }
    if where["name"] is None or where["booth"] is None:
        raise ImportRejected(bilingual("api.import_columns"))
    firms: list[EnterpriseCreate] = []
    seen: set[str] = set()
    for number, line in enumerate(lines[1 : MAX_IMPORT_ROWS + 2], start=2):
        if number > MAX_IMPORT_ROWS + 1:
            raise ImportRejected(bilingual("api.import_too_long", n=MAX_IMPORT_ROWS))
        cells = {
            field: str(line[i]).strip() if i is not None and i < len(line) and line[i] else ""
            for field, i in where.items()
        }
        if not any(cells.values()):
            continue
        try:
            firm = EnterpriseCreate(
                **{k: v for k, v in cells.items() if k != "contact_phone"},
                contact_phone=cells["contact_phone"] or None,
            )
        except ValidationError:
            raise ImportRejected(bilingual("api.import_row", row=number)) from None
        if firm.booth in seen:
            raise ImportRejected(bilingual("api.import_booth_twice", row=number, booth=firm.booth))
        seen.add(firm.booth)
        firms.append(firm)
    if not firms:
        raise ImportRejected(bilingual("api.import_empty"))
    return firms


async def import_firms(
    *, session: AsyncSession, fair_id: int, firms: list[EnterpriseCreate]
) -> list[Issued]:
    """Register every firm of a checked list; refused whole if a booth is already taken."""
    await get_fair(session=session, fair_id=fair_id)
    taken = set(
        await session.scalars(
            select(Booth.number).where(
                Booth.fair_id == fair_id, Booth.number.in_([f.booth for f in firms])
            )
        )
    )
    if taken:
        raise Conflict(bilingual("api.import_booths_taken", booths="、".join(sorted(taken))))
    return [await register_firm(session=session, fair_id=fair_id, data=firm) for firm in firms]


async def organizers(*, session: AsyncSession) -> list[Organizer]:
    """Every organizer account, oldest first."""
    return list(await session.scalars(select(Organizer).order_by(Organizer.id)))


async def create_organizer(*, session: AsyncSession, name: str) -> str:
    """A new organizer account; its token, shown once (what `fairmatch create-organizer` does)."""
    token = new_token(Role.organizer)
    session.add(Organizer(name=name, token_hash=hash_token(token)))
    await session.commit()
    return token
