"""The organizer console: fairs, firms and booths, one-time passwords, QR codes, accounts."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from frontend import CHINA
from services.auth.organizer_sessions import ConsoleOrganizer
from services.deps import SessionDep
from services.errors import Conflict
from services.fairs import console
from services.fairs import join as joins
from services.fairs import service as fairs
from services.fairs.schemas import EnterpriseCreate, FairCreate
from services.models import Fair
from services.web.pages import Page, PageDep, PageRoute, form_errors

router = APIRouter(prefix="/organizer", route_class=PageRoute, include_in_schema=False)

FAIR_FIELDS = ("name", "venue", "starts_at", "ends_at")
FIRM_FIELDS = ("name", "booth", "industry", "district", "contact_name", "contact_phone")
MAX_LIST_BYTES = 2 * 1024 * 1024


def _china_time(text: str) -> datetime | str:
    """A datetime-local value, read as Beijing time; left as text for the schema to refuse."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=CHINA)
    except ValueError:
        return text


def _fair_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name) or "").strip() for name in FAIR_FIELDS}
    return values | {k: _china_time(values[k]) for k in ("starts_at", "ends_at")}


def _local(at: datetime) -> str:
    return at.astimezone(CHINA).strftime("%Y-%m-%dT%H:%M")


def _base(page: Page) -> str:
    return str(page.request.base_url).rstrip("/")


async def _issued(
    page: Page,
    session: SessionDep,
    fair_id: int,
    issued: list[console.Issued],
    *,
    reset: bool = False,
) -> HTMLResponse:
    """The logins just issued, shown once: never stored by the browser or a proxy."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    response = page.render(
        "organizer/issued.html", fair=fair, public_url=_base(page), issued=issued, reset=reset
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def _fair_rows(session: SessionDep) -> list[tuple[Fair, str]]:
    found = await session.scalars(select(Fair).order_by(Fair.starts_at.desc()))
    return [(fair, console.fair_state(fair)) for fair in found]


@router.get("")
async def fair_list(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Every fair, newest first, and a form for a new one."""
    return page.render("organizer/fairs.html", rows=await _fair_rows(session), values={}, errors={})


@router.post("/fairs")
async def create_fair(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Create a fair and open its page."""
    form = await page.checked_form()
    try:
        data = FairCreate(**_fair_values(form))
    except ValidationError as exc:
        values = {name: str(form.get(name) or "") for name in FAIR_FIELDS}
        errors = form_errors(exc, FAIR_FIELDS, other=FAIR_FIELDS[-1])
        rows = await _fair_rows(session)
        return page.render(
            "organizer/fairs.html", status_code=422, rows=rows, values=values, errors=errors
        )
    fair = await fairs.create_fair(session=session, data=data)
    return page.redirect(f"/organizer/fairs/{fair.id}")


async def _fair_page(
    page: Page, session: SessionDep, fair_id: int, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The fair's page; `context` replaces defaults (the entered values and their errors)."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    values = {name: getattr(fair, name) for name in ("name", "venue")}
    values |= {"starts_at": _local(fair.starts_at), "ends_at": _local(fair.ends_at)}
    defaults: dict[str, Any] = {
        "fair_values": values,
        "fair_errors": {},
        "firm_values": {},
        "firm_errors": {},
        "import_error": "",
    }
    return page.render(
        "organizer/fair.html",
        status_code=status_code,
        fair=fair,
        state=console.fair_state(fair),
        public_url=_base(page),
        firms=await console.firms_at(session=session, fair_id=fair_id),
        requests=await joins.join_requests(session=session, fair_id=fair_id),
        **(defaults | context),
    )


@router.get("/fairs/{fair_id}")
async def fair_page(
    fair_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """One fair: its hours, its firms and booths, requests to join, QR codes."""
    return await _fair_page(page, session, fair_id)


@router.post("/fairs/{fair_id}")
async def edit_fair(
    fair_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """Save a fair's name, venue and hours, or end it now."""
    form = await page.checked_form()
    if form.get("action") == "close":
        await console.close_fair(session=session, fair_id=fair_id)
        return page.redirect(f"/organizer/fairs/{fair_id}")
    try:
        data = FairCreate(**_fair_values(form))
    except ValidationError as exc:
        values = {name: str(form.get(name) or "") for name in FAIR_FIELDS}
        errors = form_errors(exc, FAIR_FIELDS, other=FAIR_FIELDS[-1])
        return await _fair_page(
            page, session, fair_id, status_code=422, fair_values=values, fair_errors=errors
        )
    await console.update_fair(session=session, fair_id=fair_id, data=data)
    return page.redirect(f"/organizer/fairs/{fair_id}")


@router.post("/fairs/{fair_id}/firms")
async def register_firm(
    fair_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """Register one firm at a booth; its login is shown once."""
    form = await page.checked_form()
    values = {name: str(form.get(name) or "").strip() for name in FIRM_FIELDS}
    try:
        data = EnterpriseCreate(
            **{k: v for k, v in values.items() if k != "contact_phone"},
            contact_phone=values["contact_phone"] or None,
        )
    except ValidationError as exc:
        errors = form_errors(exc, FIRM_FIELDS, other=FIRM_FIELDS[-1])
        return await _fair_page(
            page, session, fair_id, status_code=422, firm_values=values, firm_errors=errors
        )
    try:
        issued = await console.register_firm(session=session, fair_id=fair_id, data=data)
    except Conflict as exc:  # the booth is taken: keep what was typed
        errors = {"booth": exc.message}
        return await _fair_page(
            page, session, fair_id, status_code=409, firm_values=values, firm_errors=errors
        )
    return await _issued(page, session, fair_id, [issued])


@router.post("/fairs/{fair_id}/import")
async def import_firms(
    fair_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """Register every firm of an Excel list (企业名称, 展位号, …); all or none."""
    form = await page.checked_form(max_files=1, max_fields=10)
    upload = form.get("file")
    content = await upload.read(MAX_LIST_BYTES + 1) if isinstance(upload, UploadFile) else b""
    try:
        if not content or len(content) > MAX_LIST_BYTES:
            raise console.ImportRejected(page.t("org.import.size"))
        firms = await asyncio.to_thread(console.read_firm_list, content)
        issued = await console.import_firms(session=session, fair_id=fair_id, firms=firms)
    except (console.ImportRejected, Conflict) as exc:
        return await _fair_page(page, session, fair_id, status_code=422, import_error=exc.message)
    return await _issued(page, session, fair_id, issued)


@router.post("/fairs/{fair_id}/firms/{enterprise_id}/password")
async def reset_password(
    fair_id: int,
    enterprise_id: int,
    page: PageDep,
    session: SessionDep,
    _org: ConsoleOrganizer,
) -> Response:
    """A new password for a firm (its sessions end); shown once."""
    await page.checked_form()
    issued = await console.reset_password(
        session=session, fair_id=fair_id, enterprise_id=enterprise_id
    )
    return await _issued(page, session, fair_id, [issued], reset=True)


@router.post("/fairs/{fair_id}/firms/{enterprise_id}/booth")
async def move_booth(
    fair_id: int,
    enterprise_id: int,
    page: PageDep,
    session: SessionDep,
    _org: ConsoleOrganizer,
) -> Response:
    """Move a firm to another booth number (its booth QR code changes with it)."""
    form = await page.checked_form()
    number = str(form.get("booth") or "").strip()
    try:
        if not number or len(number) > 20:
            raise Conflict(page.t("org.booth_needed"))
        await console.move_booth(
            session=session, fair_id=fair_id, enterprise_id=enterprise_id, number=number
        )
    except Conflict as exc:
        return await _fair_page(
            page, session, fair_id, status_code=409, move_error=(enterprise_id, exc.message)
        )
    return page.redirect(f"/organizer/fairs/{fair_id}#firm-{enterprise_id}")


@router.post("/fairs/{fair_id}/requests/{request_id}")
async def decide_request(
    fair_id: int,
    request_id: int,
    page: PageDep,
    session: SessionDep,
    _org: ConsoleOrganizer,
) -> Response:
    """Approve a firm's request with a booth (its login is shown once), or turn it down."""
    form = await page.checked_form()
    if form.get("action") == "reject":
        await joins.reject_join(session=session, fair_id=fair_id, request_id=request_id)
        return page.redirect(f"/organizer/fairs/{fair_id}#requests")
    booth = str(form.get("booth") or "").strip()
    try:
        if not booth or len(booth) > 20:
            raise Conflict(page.t("org.booth_needed"))
        issued = await joins.approve_join(
            session=session, fair_id=fair_id, request_id=request_id, booth=booth
        )
    except Conflict as exc:  # no booth, a taken one, or decided meanwhile: say so at the request
        return await _fair_page(
            page, session, fair_id, status_code=409, booth_error=(request_id, exc.message)
        )
    return await _issued(page, session, fair_id, [issued])
