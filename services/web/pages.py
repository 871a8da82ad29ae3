"""What every seeker page shares: rendering, language, CSRF, security headers, cookie, page hits."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from frontend import create_environment
from frontend.i18n import EN, ZH, bilingual, negotiate, t
from search.types import SearchUnavailableError
from services.auth.organizer_sessions import SignInRequired, login_url
from services.auth.principals import SEEKER_COOKIE, principal_id_of
from services.auth.secrets import Role
from services.config import Settings
from services.deps import RuntimeDep, SessionDep
from services.errors import AppError, Forbidden, InvalidInput, NotFound
from services.models import Resume
from services.postings.bulk_import import error_message
from services.schemas import holds_control_characters, strip_control_characters
from services.stats.hits import record_page_hit
from services.web.ratelimit import client_address

if TYPE_CHECKING:
    from services.runtime import Runtime

R = TypeVar("R", bound=Response)
E = TypeVar("E", bound=StrEnum)

LANG_COOKIE = "fm_lang"
CSRF_COOKIE = "fm_csrf"
CSRF_FIELD = "csrf"
YEAR = 365 * 24 * 3600
SEEKER_COOKIE_MAX_AGE = 180 * 24 * 3600
_SOURCE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "private, no-cache",
}


class CsrfRejected(Forbidden):
    detail = bilingual("api.page_expired")


class Page:
    """One page request: its language, CSRF token and visitor, and how to answer it."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.lang = negotiate(
            query=request.query_params.get("lang"),
            cookie=request.cookies.get(LANG_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )
        cookie = request.cookies.get(CSRF_COOKIE, "")
        self._new_csrf = not re.fullmatch(r"[A-Za-z0-9_-]{32,64}", cookie)
        self.csrf = secrets.token_urlsafe(32) if self._new_csrf else cookie

    def t(self, key: str, **params: Any) -> str:
        """A catalog string in this page's language."""
        return t(key, self.lang, **params)

    @property
    def visitor(self) -> str:
        """An anonymous, stable id of this browser for unique-visitor counts."""
        return hashlib.sha256(self.csrf.encode()).hexdigest()[:16]

    @property
    def returning(self) -> bool:
        """Did the browser bring its cookie (else `visitor` is new, minted by this request)?"""
        return not self._new_csrf

    def address(self, settings: Settings) -> str:
        """The caller's address (the last X-Forwarded-For entry only behind a trusted proxy)."""
        return client_address(self.request.scope, trust_forwarded_for=settings.trust_forwarded_for)

    @property
    def scan_source(self) -> str:
        """The QR source tag of the URL (?s=booth-A01), or "" for an ordinary visit."""
        source = self.request.query_params.get("s", "")
        return source if _SOURCE.fullmatch(source) else ""

    @property
    def saved_notice(self) -> bool:
        """Whether this page follows a saved résumé (?saved=1) and should say so."""
        return self.request.query_params.get("saved") == "1"

    def url_with(self, **changes: str | int | None) -> str:
        """This page's URL with some query parameters changed (None removes one)."""
        params = dict(self.request.query_params)
        params.pop("s", None)  # a scan is counted once, not again on every link from it
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        query = urlencode(params)
        return self.request.url.path + (f"?{query}" if query else "")

    def check_csrf(self, submitted: object) -> None:
        """Refuse a form post whose token does not match the cookie (double-submit)."""
        if (
            self._new_csrf
            or not isinstance(submitted, str)
            or not secrets.compare_digest(submitted.encode(), self.csrf.encode())
        ):
            raise CsrfRejected()

    async def checked_form(self, *, max_files: int = 1000, max_fields: int = 1000) -> FormData:
        """The posted form, once its CSRF token matched the cookie and no field holds a control
        character (422 naming the field): every form post's one check."""
        form = await self.request.form(max_files=max_files, max_fields=max_fields)
        self.check_csrf(form.get(CSRF_FIELD))
        for name, value in form.multi_items():
            if holds_control_characters(name) or holds_control_characters(value):
                raise InvalidInput(f"{_field_name(name)}: {bilingual('api.control_characters')}")
        return form

    def render(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        """Render a template with the language, CSRF token and switch link filled in."""
        other = ZH if self.lang == EN else EN
        context.setdefault("home_url", "/")
        html = (
            create_environment()
            .get_template(template)
            .render(lang=self.lang, csrf=self.csrf, switch_url=self.url_with(lang=other), **context)
        )
        return self.finish(HTMLResponse(html, status_code=status_code))

    def redirect(self, url: str) -> RedirectResponse:
        """See-other redirect after a form post."""
        return self.finish(RedirectResponse(url, status_code=303))

    def finish(self, response: R) -> R:
        """Add the security headers and the language and CSRF cookies."""
        response.headers.update(SECURITY_HEADERS)
        secure = self.request.url.scheme == "https"
        if self._new_csrf:
            response.set_cookie(
                CSRF_COOKIE, self.csrf, max_age=YEAR, httponly=True, samesite="lax", secure=secure
            )
            self._new_csrf = False
        if self.request.query_params.get("lang") and (
            self.request.cookies.get(LANG_COOKIE) != self.lang
        ):
            response.set_cookie(LANG_COOKIE, self.lang, max_age=YEAR, samesite="lax", secure=secure)
        return response

    def set_seeker(self, response: Response, token: str | None) -> None:
        """Set (or with None, clear) the seeker cookie: HttpOnly, SameSite=Lax."""
        if token is None:
            response.delete_cookie(SEEKER_COOKIE, httponly=True, samesite="lax")
            return
        response.set_cookie(
            SEEKER_COOKIE,
            token,
            max_age=SEEKER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=self.request.url.scheme == "https",
        )


async def get_page(request: Request) -> Page:
    return Page(request)


PageDep = Annotated[Page, Depends(get_page)]


async def get_cookie_seeker(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> Resume | None:
    """The résumé behind the seeker cookie, or None (no cookie, another role, deleted)."""
    resume_id = await principal_id_of(
        request.cookies.get(SEEKER_COOKIE),
        role=Role.seeker,
        session=session,
        settings=runtime.settings,
    )
    return None if resume_id is None else await session.get(Resume, resume_id)


CookieSeekerDep = Annotated[Resume | None, Depends(get_cookie_seeker)]


async def record_hit(
    runtime: Runtime,
    session: AsyncSession,
    page: Page,
    *,
    fair_id: int,
    name: str,
    enterprise_id: int | None = None,
) -> None:
    """Count this view inside the page request: a scan when the URL carries a QR source tag."""
    source = page.scan_source
    await record_page_hit(
        runtime=runtime,
        session=session,
        fair_id=fair_id,
        page="scan" if source else name,
        source=source,
        enterprise_id=enterprise_id,
        visitor=page.visitor,
        address=client_address(
            page.request.scope, trust_forwarded_for=runtime.settings.trust_forwarded_for
        ),
    )


def _field_name(name: str) -> str:
    return strip_control_characters(name)[:40]


def form_choice(form: FormData, name: str, choices: type[E], default: E | None = None) -> E | None:
    """A form field's enum member; "" gives the default, anything else unknown 422 naming it."""
    raw = str(form.get(name) or "")
    if not raw:
        return default
    try:
        return choices(raw)
    except ValueError:
        raise InvalidInput(bilingual("api.invalid_field", field=_field_name(name))) from None


def form_errors(
    exc: ValidationError, fields: tuple[str, ...], *, other: str, whole: str | None = None
) -> dict[str, str]:
    """The first bilingual reason per form field; an error of a field the form does not show goes
    beside `other`, one about the whole body beside `whole` (default: `other`)."""
    found: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else whole or other
        found.setdefault(field if field in fields else other, error_message(error))
    return found


def invalid_fields(exc: ValidationError | RequestValidationError) -> str:
    """The 422 message of a page: which fields were refused (names, never the values)."""
    names = {".".join(str(part) for part in e["loc"] if part != "body") for e in exc.errors()}
    fields = ", ".join(sorted(_field_name(name) for name in names if name))
    return bilingual("api.invalid_field", field=fields or "?")


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """A friendly HTML error in the page language."""
    page = Page(request)
    return page.render(
        "error.html",
        status_code=status_code,
        message=message,
        back_url=request.headers.get("referer", "/")
        if request.headers.get("referer", "").startswith(str(request.base_url))
        else "/",
    )


class PageRoute(APIRoute):
    """Routes that answer errors with an HTML page instead of the API's JSON, and a signed-out
    organizer with the sign-in page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            lang = Page(request).lang
            try:
                return await handler(request)
            except SignInRequired as exc:
                return Page(request).redirect(login_url(exc.next_url))
            except CsrfRejected:
                return error_page(request, 403, t("error.csrf", lang))
            except NotFound:
                return error_page(request, 404, t("error.not_found", lang))
            except (RequestValidationError, ValidationError) as exc:
                return error_page(request, 422, f"{t('error.invalid', lang)} {invalid_fields(exc)}")
            except SearchUnavailableError:
                return error_page(request, 503, t("error.search", lang))
            except AppError as exc:
                page = error_page(request, exc.status_code, exc.message)
                if exc.retry_after is not None:
                    page.headers["Retry-After"] = str(exc.retry_after)
                return page

        return page_handler


class CachedStatic(StaticFiles):
    """Static assets; their URLs carry a content hash, so browsers may keep them a year."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response
