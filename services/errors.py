"""One error base carrying its HTTP status, one handler, one JSON shape: {"error", "detail"}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from search.types import SearchUnavailableError

log = logging.getLogger("fairmatch.errors")


class AppError(Exception):
    """Base of every error a client may see; subclasses set status and a bilingual detail."""

    status_code = 400
    detail = "请求无效 / Bad request"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.message = detail or self.detail

    @property
    def code(self) -> str:
        return type(self).__name__


class NotAuthenticated(AppError):
    status_code = 401
    detail = "需要登录或有效令牌 / A valid bearer token is required"


class Forbidden(AppError):
    status_code = 403
    detail = "无权执行此操作 / You are not allowed to do this"


class NotFound(AppError):
    status_code = 404
    detail = "未找到 / Not found"


class FairNotFound(NotFound):
    detail = "招聘会不存在 / Fair not found"


class PostingNotFound(NotFound):
    detail = "岗位不存在 / Posting not found"


class ResumeNotFound(NotFound):
    detail = "简历不存在 / Résumé not found"


class EnterpriseNotFound(NotFound):
    detail = "企业不存在 / Enterprise not found"


class Conflict(AppError):
    status_code = 409
    detail = "与现有数据冲突 / Conflicts with existing data"


class InvalidInput(AppError):
    status_code = 422
    detail = "输入无效 / Invalid input"


class PayloadTooLarge(AppError):
    status_code = 413
    detail = "请求体过大 / Request body too large"


class TooManyRequests(AppError):
    status_code = 429
    detail = "操作过于频繁，请稍后再试 / Too many requests; please try again later"


class ServiceUnavailable(AppError):
    status_code = 503
    detail = "服务暂时不可用，请稍后再试 / Service temporarily unavailable, please retry"


def error_response(status: int, code: str, detail: object) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": code, "detail": detail})


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception to the one JSON error shape; never leak a stack trace."""

    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return error_response(exc.status_code, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
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
        return error_response(
            503, "SearchUnavailable", "搜索服务暂时不可用 / Search is temporarily unavailable"
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
        # e.g. an id beyond 64 bits in a path: the database driver refuses to bind it.
        log.info("value out of range on %s %s: %r", request.method, request.url.path, exc)
        return error_response(422, "InvalidInput", "数值超出范围 / A number is out of range")

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        # The transaction did not commit, so nothing was written: the client may safely retry.
        log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
        return error_response(
            503, "DatabaseUnavailable", "数据库暂时不可用，请稍后重试 / Database unavailable, retry"
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "InternalError", "服务器内部错误 / Internal server error")
