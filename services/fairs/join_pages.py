"""The public 企业报名 page of a fair, and the organizer accounts page of the console."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import ValidationError

from services.auth.organizer_sessions import ConsoleOrganizer
from services.deps import SessionDep
from services.fairs import console
from services.fairs import join as joins
from services.fairs import service as fairs
from services.fairs.schemas import JoinCreate
from services.postings.bulk_import import error_message
from services.web.pages import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

JOIN_FIELDS = ("name", "credit_code", "industry", "contact_name", "contact_phone")


@router.get("/f/{fair_id}/join")
async def join_form(fair_id: int, page: PageDep, session: SessionDep) -> Response:
    """A firm asks to take part: name, unified social credit code, contact."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    return page.render("organizer/join.html", fair=fair, values={}, errors={}, sent=False)


@router.post("/f/{fair_id}/join")
async def join_submit(fair_id: int, page: PageDep, session: SessionDep) -> Response:
    """Check the code's check digit and keep the request for the organizer."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    form = await page.checked_form()
    values = {name: str(form.get(name) or "").strip() for name in JOIN_FIELDS}
    try:
        data = JoinCreate(**values)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "name"
            errors.setdefault(field, error_message(error))
        return page.render(
            "organizer/join.html",
            status_code=422,
            fair=fair,
            values=values,
            errors=errors,
            sent=False,
        )
    await joins.submit_join(session=session, fair_id=fair_id, data=data)
    return page.render("organizer/join.html", fair=fair, values={}, errors={}, sent=True)


@router.get("/organizer/accounts")
async def accounts(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """The organizer accounts, and a form for another."""
    found = await console.organizers(session=session)
    return page.render("organizer/accounts.html", organizers=found, token=None)


@router.post("/organizer/accounts")
async def create_account(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """A new organizer account; its token is shown once."""
    form = await page.checked_form()
    name = str(form.get("name") or "").strip()[:100] or "organizer"
    token = await console.create_organizer(session=session, name=name)
    found = await console.organizers(session=session)
    response = page.render("organizer/accounts.html", organizers=found, token=token)
    response.headers["Cache-Control"] = "no-store"
    return response
