"""One error base carrying its HTTP status, one handler, one JSON shape: {"error", "detail"}."""

from __future__ import annotations

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontend.i18n import bilingual
from search.types import SearchUnavailableError

log = logging.getLogger("fairmatch.errors")


class AppError(Exception):
    """Base of every error a client may see; subclasses set status and detail = bilingual(key)."""

    status_code = 400
    detail = bilingual("api.bad_request")
    retry_after: int | None = None  # seconds, sent as Retry-After (429 and 503)

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.message = detail or self.detail

    @property
    def code(self) -> str:
        return type(self).__name__


class NotAuthenticated(AppError):
    status_code = 401
    detail = bilingual("api.not_authenticated")


class Forbidden(AppError):
    status_code = 403
    detail = bilingual("api.forbidden")


class NotFound(AppError):
    status_code = 404
    detail = bilingual("api.not_found")


class FairNotFound(NotFound):
    detail = bilingual("api.fair_not_found")


class PostingNotFound(NotFound):
    detail = bilingual("api.posting_not_found")


class ResumeNotFound(NotFound):
    detail = bilingual("api.resume_not_found")


class EnterpriseNotFound(NotFound):
    detail = bilingual("api.enterprise_not_found")


class Conflict(AppError):
    status_code = 409
    detail = bilingual("api.conflict")


class InvalidInput(AppError):
    status_code = 422
    detail = bilingual("api.invalid_input")


class PayloadTooLarge(AppError):
    status_code = 413
    detail = bilingual("api.payload_too_large")


class TooManyRequests(AppError):
    status_code = 429
    detail = bilingual("api.too_many_requests")


class ServiceUnavailable(AppError):
    status_code = 503
    detail = bilingual("api.service_unavailable")


class Busy(ServiceUnavailable):
    """A bounded pool of heavy work is full: come back later instead of stalling everyone."""

    detail = bilingual("api.busy")

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


def error_response(
    status: int, code: str, detail: object, *, retry_after: int | None = None
) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(
        status_code=status, content={"error": code, "detail": detail}, headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception to the one JSON error shape; never leak a stack trace."""

    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return error_response(exc.status_code, exc.code, exc.message, retry_after=exc.retry_after)

    @app.exception_handler(RequestValidationError)
    @app.exception_handler(ValidationError)
    async def _validation(
        _request: Request, exc: RequestValidationError | ValidationError
    ) -> JSONResponse:
        problems = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type")}
            for err in exc.errors()
        ]
        return error_response(422, "ValidationError", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "NotFound", 405: "MethodNotAllowed", 401: "NotAuthenticated"}
        return error_response(exc.status_code, names.get(exc.status_code, "HTTPError"), exc.detail)

    @app.exception_handler(SearchUnavailableError)
    async def _search_down(_request: Request, exc: SearchUnavailableError) -> JSONResponse:
        log.warning("search unavailable: %s", exc)
        return error_response(503, "SearchUnavailable", bilingual("api.search_unavailable"))

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
        # e.g. an id beyond 64 bits in a path: the database driver refuses to bind it.
        log.info("value out of range on %s: %s", _where(request), type(exc).__name__)
        return error_response(422, "InvalidInput", bilingual("api.out_of_range"))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        # The transaction did not commit, so nothing was written: the client may safely retry.
        log.warning("database unavailable on %s: %s", _where(request), type(exc).__name__)
        return error_response(503, "DatabaseUnavailable", bilingual("api.database_unavailable"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s on %s\n%s", type(exc).__name__, _where(request), _frames(exc))
        return error_response(500, "InternalError", bilingual("api.internal_error"))


def _where(request: Request) -> str:
    """Method and route template (/api/resumes/{resume_id}): ids, never the query's values."""
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', None) or request.url.path}"


def _frames(exc: BaseException) -> str:
    """Where an error was raised (file, line, function, code line), without the message: the
    messages of library errors quote the values they refused, and those may be personal data."""
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines)
