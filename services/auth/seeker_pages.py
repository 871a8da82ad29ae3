"""Find my résumé from another browser or phone: mobile number, then a one-time code."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.background import BackgroundTask

from services.auth import phone_codes
from services.auth.phone_codes import CodeCheck, CodeRequest
from services.config import Environment
from services.db import utcnow
from services.deps import RuntimeDep, SessionDep
from services.web.pages import PageDep, PageRoute
from services.web.ratelimit import client_address

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/me/find")
async def find_form(page: PageDep) -> Response:
    """Step one: the mobile number the résumé was filled in with."""
    return page.render("find.html", step="phone", values={}, errors={})


@router.post("/me/find")
async def send_code(
    request: Request, page: PageDep, runtime: RuntimeDep, session: SessionDep
) -> Response:
    """Make a code and text it; the answer is the same for numbers without a résumé."""
    form = await page.checked_form(max_files=0, max_fields=5)
    phone = str(form.get("phone", ""))[:30]
    settings = runtime.settings
    requested = await phone_codes.request_code(
        session=session,
        raw_phone=phone,
        address=client_address(request.scope, trust_forwarded_for=settings.trust_forwarded_for),
        now=utcnow(),
        show_code=runtime.sms.shows_code and settings.environment is Environment.development,
    )
    values = {"phone": phone}
    if requested.outcome is CodeRequest.invalid_phone:
        errors = {"phone": page.t("invalid.phone")}
        return page.render("find.html", status_code=422, step="phone", values=values, errors=errors)
    if requested.outcome is CodeRequest.too_soon:
        return page.render(
            "find.html", status_code=429, step="code", values=values, errors={}, too_soon=True
        )
    response = page.render(
        "find.html", step="code", values=values, errors={}, dev_code=requested.shown_code
    )
    response.background = BackgroundTask(
        phone_codes.deliver, sender=runtime.sms, requested=requested
    )
    return response


@router.post("/me/find/verify")
async def verify_code(page: PageDep, session: SessionDep) -> Response:
    """Step two: the code. Right: this browser holds the résumé (a new token for it)."""
    form = await page.checked_form(max_files=0, max_fields=5)
    phone, code = str(form.get("phone", ""))[:30], str(form.get("code", ""))[:12]
    checked = await phone_codes.check_code(
        session=session, raw_phone=phone, code=code, now=utcnow()
    )
    if checked.outcome is CodeCheck.found and checked.token is not None:
        response = page.redirect("/me?found=1")
        page.set_seeker(response, checked.token)
        return response
    values = {"phone": phone}
    if checked.outcome is CodeCheck.no_resume:
        return page.render("find.html", step="phone", values=values, errors={}, no_resume=True)
    errors = {"code": page.t("find.wrong_code")}
    return page.render("find.html", status_code=422, step="code", values=values, errors=errors)
