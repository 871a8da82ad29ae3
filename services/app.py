"""The FastAPI application: clients built in the lifespan, routers, one error shape."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.config import Settings, get_settings
from services.errors import PayloadTooLarge, error_response, install_error_handlers
from services.routers import applications, fairs, health, occupations, postings, resumes
from services.runtime import open_runtime


class BodySizeLimit:
    """Answer 413 before accepting more than max_bytes of a request body (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = PayloadTooLarge()
        await error_response(exc.status_code, exc.code, exc.message)(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; clients (database, search, embedder, queue) open in its lifespan."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_runtime(settings) as runtime:
            app.state.runtime = runtime
            yield

    app = FastAPI(
        title="FairMatch",
        summary="技能人才招聘会与人岗匹配 / Job matching and recruitment fairs for skilled talent",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (health, fairs, postings, resumes, applications, occupations):
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
