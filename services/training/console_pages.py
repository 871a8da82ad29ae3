"""The organizer console's training pages: the providers catalogue and the school accounts."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from services.auth.organizer_sessions import OrganizerSignIn
from services.deps import SessionDep
from services.training import providers, schools
from services.training.schemas import ProviderCreate, SchoolCreate
from services.web.pages import Page, PageDep, PageRoute, form_errors

router = APIRouter(prefix="/organizer", route_class=PageRoute, include_in_schema=False)

PROVIDER_FIELDS = ("name", "address", "phone", "courses", "certificates")
SCHOOL_FIELDS = ("name", "majors", "occupation_codes")
LIST_FIELDS = {"courses", "certificates", "majors", "occupation_codes"}
_SEPARATORS = re.compile(r"[,，、;；\n]+")

# Signing in comes back to the list page, also from its forms.
ProvidersOrganizer = Annotated[int, Depends(OrganizerSignIn("/organizer/training"))]
SchoolsOrganizer = Annotated[int, Depends(OrganizerSignIn("/organizer/schools"))]


def _values(form: FormData, fields: tuple[str, ...]) -> dict[str, str]:
    return {name: str(form.get(name) or "").strip() for name in fields}


def _parsed(values: dict[str, str]) -> dict[str, object]:
    """Form text → body fields: lists are typed with commas, 、 or one per line."""
    return {
        name: [item.strip() for item in _SEPARATORS.split(value) if item.strip()]
        if name in LIST_FIELDS
        else value
        for name, value in values.items()
    }


async def _providers_page(
    page: Page, session: SessionDep, *, status_code: int = 200, **context: object
) -> Response:
    defaults: dict[str, object] = {"values": {}, "errors": {}}
    return page.render(
        "organizer/providers.html",
        status_code=status_code,
        rows=await providers.list_providers(session=session),
        **(defaults | context),
    )


@router.get("/training")
async def provider_list(page: PageDep, session: SessionDep, _org: ProvidersOrganizer) -> Response:
    """The training providers catalogue, and a form for another provider."""
    return await _providers_page(page, session)


@router.post("/training")
async def create_provider(page: PageDep, session: SessionDep, _org: ProvidersOrganizer) -> Response:
    """List a provider: name, address, phone, courses, certificates."""
    values = _values(await page.checked_form(), PROVIDER_FIELDS)
    try:
        data = ProviderCreate.model_validate(_parsed(values))
    except ValidationError as exc:
        errors = form_errors(exc, PROVIDER_FIELDS, other=PROVIDER_FIELDS[0])
        return await _providers_page(page, session, status_code=422, values=values, errors=errors)
    await providers.create_provider(session=session, data=data)
    return page.redirect("/organizer/training")


@router.post("/training/{provider_id}/delete")
async def delete_provider(
    provider_id: int, page: PageDep, session: SessionDep, _org: ProvidersOrganizer
) -> Response:
    """Remove a provider from the catalogue."""
    await page.checked_form()
    await providers.delete_provider(session=session, provider_id=provider_id)
    return page.redirect("/organizer/training")


async def _schools_page(
    page: Page, session: SessionDep, *, status_code: int = 200, **context: object
) -> Response:
    defaults: dict[str, object] = {"values": {}, "errors": {}, "issued": None}
    response = page.render(
        "organizer/schools.html",
        status_code=status_code,
        rows=await schools.list_schools(session=session),
        **(defaults | context),
    )
    response.headers["Cache-Control"] = "no-store"  # a new school's token is shown once
    return response


@router.get("/schools")
async def school_list(page: PageDep, session: SessionDep, _org: SchoolsOrganizer) -> Response:
    """The school accounts, and a form for another."""
    return await _schools_page(page, session)


@router.post("/schools")
async def create_school(page: PageDep, session: SessionDep, _org: SchoolsOrganizer) -> Response:
    """Create a school account; its token is shown this once."""
    values = _values(await page.checked_form(), SCHOOL_FIELDS)
    try:
        data = SchoolCreate.model_validate(_parsed(values))
    except ValidationError as exc:
        errors = form_errors(exc, SCHOOL_FIELDS, other=SCHOOL_FIELDS[0])
        return await _schools_page(page, session, status_code=422, values=values, errors=errors)
    issued = await schools.create_school(session=session, data=data)
    return await _schools_page(page, session, issued=issued)


@router.post("/schools/{school_id}/delete")
async def delete_school(
    school_id: int, page: PageDep, session: SessionDep, _org: SchoolsOrganizer
) -> Response:
    """Remove a school account (its students' résumés stay, unlinked)."""
    await page.checked_form()
    await schools.delete_school(session=session, school_id=school_id)
    return page.redirect("/organizer/schools")
