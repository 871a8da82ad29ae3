"""The organizer console's industrial chains page: edit the catalogue and which firms belong."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from services.auth.organizer_sessions import ConsoleOrganizer
from services.deps import SessionDep
from services.errors import AppError
from services.insights import chains
from services.insights.chains_schemas import ChainCreate, ChainUpdate
from services.models import Enterprise, EnterpriseChain
from services.postings.bulk_import import error_message
from services.web.pages import Page, PageDep, PageRoute

router = APIRouter(prefix="/organizer/chains", route_class=PageRoute, include_in_schema=False)

_LIST_SPLIT = re.compile(r"[;；,，、\n\r]+")


def _listed(form: FormData, name: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(str(form.get(name) or "")) if part.strip()]


def _chain_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: str(form.get(name) or "").strip() for name in ("slug", "name_zh", "name_en")
    }
    values["source"] = str(form.get("source") or "").strip()
    values["industries"] = _listed(form, "industries")
    values["occupation_codes"] = _listed(form, "occupation_codes")
    position = str(form.get("position") or "").strip()
    values["position"] = position or None
    return values


def _problem(exc: ValidationError) -> str:
    return "；".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error_message(error)}"
        for error in exc.errors()
    )


async def _firm_rows(session: SessionDep) -> list[tuple[Enterprise, set[int]]]:
    firms = list(await session.scalars(select(Enterprise).order_by(Enterprise.name)))
    members: dict[int, set[int]] = {}
    for enterprise_id, chain_id in await session.execute(
        select(EnterpriseChain.enterprise_id, EnterpriseChain.chain_id)
    ):
        members.setdefault(enterprise_id, set()).add(chain_id)
    return [(firm, members.get(firm.id, set())) for firm in firms]


async def _render(
    page: Page, session: SessionDep, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    context.setdefault("error", None)
    context.setdefault("notice", None)
    return page.render(
        "organizer/chains.html",
        status_code=status_code,
        chains=await chains.list_chains(session=session),
        firms=await _firm_rows(session),
        **context,
    )


@router.get("")
async def chain_list(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Every chain, a form for a new one, and every firm's chains."""
    return await _render(page, session)


@router.post("")
async def create_chain(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Add a chain."""
    form = await page.checked_form()
    try:
        data = ChainCreate(**_chain_values(form))
        await chains.create_chain(session=session, data=data)
    except ValidationError as exc:
        return await _render(page, session, status_code=422, error=_problem(exc))
    except AppError as exc:
        return await _render(page, session, status_code=exc.status_code, error=exc.message)
    return page.redirect("/organizer/chains")


@router.post("/seed")
async def seed(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """Add the catalogue's missing chains and place firms without a chain by their industry."""
    await page.checked_form()
    added, placed = await chains.seed_and_place(session=session)
    notice = page.t("chains.seeded", chains=added, firms=placed)
    return await _render(page, session, notice=notice)


@router.post("/{chain_id}")
async def change_chain(
    chain_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """Save a chain's fields, or delete it (action=delete)."""
    form = await page.checked_form()
    try:
        if form.get("action") == "delete":
            await chains.delete_chain(session=session, chain_id=chain_id)
            return page.redirect("/organizer/chains")
        values = _chain_values(form)
        values.pop("slug")
        await chains.update_chain(session=session, chain_id=chain_id, data=ChainUpdate(**values))
    except ValidationError as exc:
        return await _render(page, session, status_code=422, error=_problem(exc))
    except AppError as exc:
        return await _render(page, session, status_code=exc.status_code, error=exc.message)
    return page.redirect(f"/organizer/chains#chain-{chain_id}")


@router.post("/firms/{enterprise_id}")
async def set_firm_chains(
    enterprise_id: int, page: PageDep, session: SessionDep, _org: ConsoleOrganizer
) -> Response:
    """Replace the chains one firm belongs to with the boxes ticked."""
    form = await page.checked_form()
    try:
        chain_ids = [int(str(value)) for value in form.getlist("chain")]
        await chains.set_enterprise_chains(
            session=session, enterprise_id=enterprise_id, chain_ids=chain_ids
        )
    except ValueError:
        return await _render(page, session, status_code=422, error=page.t("chains.bad_choice"))
    except AppError as exc:
        return await _render(page, session, status_code=exc.status_code, error=exc.message)
    return page.redirect(f"/organizer/chains#firm-{enterprise_id}")
