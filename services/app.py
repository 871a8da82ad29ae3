"""The FastAPI application: clients built in the lifespan, routers, one error shape."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontend import STATIC_DIR
from matcher.occupation_match import warm_up
from services.applications import api as applications
from services.applications import candidates_api as candidates
from services.applications import portal as portal_candidates
from services.auth import api as auth
from services.auth import pages as sign_in
from services.auth import seeker_pages as find_resume
from services.config import Settings, get_settings
from services.errors import PayloadTooLarge, error_response, install_error_handlers
from services.exports import api as exports
from services.exports.jobs import purge_on_schedule
from services.fairs import api as fairs
from services.fairs import console_pages as fair_console
from services.fairs import floor_plan_api as floor_plans
from services.fairs import hall_pages
from services.fairs import join_pages as fair_joins
from services.fairs import qr_api as qr
from services.insights import (
    chains_api,
    chains_pages,
    grades_api,
    grades_pages,
    grades_portal,
    insights_api,
    insights_pages,
)
from services.matching import api as occupations
from services.postings import api as postings
from services.postings import pages as pages_jobs
from services.postings import portal
from services.postings.listing_cache import ListingCache, PublicCache
from services.resumes import api as resumes
from services.resumes import pages as pages_seeker
from services.resumes.retention import sweep_forever
from services.resumes.uploads import MAX_UPLOAD_BYTES
from services.runtime import open_runtime
from services.stats import dashboard
from services.tasks import catalog  # noqa: F401  (an entry point: registers every task)
from services.training import api as training
from services.training import console_pages as training_console
from services.training import school_pages
from services.web import health, home, metrics
from services.web.observability import RequestContext
from services.web.openapi_errors import document_auth_errors
from services.web.pages import CachedStatic
from services.web.ratelimit import RateLimit
from services.web.security_headers import SecurityHeaders

# Routes that accept larger bodies than settings.max_body_bytes (multipart overhead included).
BODY_ALLOWANCES = {"/resume/upload": MAX_UPLOAD_BYTES + 1024 * 1024}


class BodySizeLimit:
    """Answer 413 before accepting more than max_bytes of a request body (declared or streamed).

    `allowances` grants named paths their own limit (the résumé upload takes files of 5 MB).
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, allowances: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowances = allowances or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.allowances.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
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
            if size > limit:
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


@contextmanager
def startup_objects_frozen() -> Iterator[None]:
    """Keep what startup built (model vocabularies, occupation index: ≈ 240,000 objects) out of
    the garbage collector's full passes while serving.

    Each full pass over them stops the event loop for ≈ 200 ms on this machine, and under load
    one comes every few seconds: that pause was the p99 of every busy route.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a test process builds many apps: let the old ones be collected


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; clients (database, search, embedder, queue) open in its lifespan."""
    settings = settings or get_settings()
    listings = ListingCache(settings.public_cache_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_runtime(settings, listings=listings) as runtime:
            app.state.runtime = runtime
            chores = [
                asyncio.create_task(sweep_forever(runtime), name="fairmatch-retention"),
                asyncio.create_task(
                    purge_on_schedule(
                        settings.data_dir, every_seconds=settings.export_purge_every_seconds
                    ),
                    name="fairmatch-export-purge",
                ),
            ]
            # The first ranking would load the title vectorizer and run the classifier's first
            # title (≈ 1 s); a thread does it now, so serving starts at once. Once per process.
            chores.append(asyncio.create_task(asyncio.to_thread(warm_up), name="fairmatch-warm-up"))
            try:
                with startup_objects_frozen():
                    yield
            finally:
                for chore in chores:
                    chore.cancel()
                await asyncio.gather(*chores, return_exceptions=True)

    app = FastAPI(
        title="FairMatch",
        summary="技能人才招聘会与人岗匹配 / Job matching and recruitment fairs for skilled talent",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by services/web/home.py from bundled assets, not a CDN
        redoc_url=None,
    )
    install_error_handlers(app)
    document_auth_errors(app)
    for module in (
        health,
        metrics,
        home,
        auth,
        fairs,
        postings,
        resumes,
        applications,
        occupations,
        qr,
        fair_console,
        fair_joins,
        sign_in,
        dashboard,
        pages_jobs,
        hall_pages,
        floor_plans,
        pages_seeker,
        find_resume,
        candidates,
        exports,
        portal,
        portal_candidates,
        insights_api,
        insights_pages,
        chains_api,
        chains_pages,
        grades_api,
        grades_pages,
        grades_portal,
        training,
        training_console,
        school_pages,
    ):
        app.include_router(module.router)
    app.mount("/static", CachedStatic(directory=STATIC_DIR), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, allowances=BODY_ALLOWANCES)
    app.add_middleware(RateLimit, settings=settings)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(PublicCache, cache=listings)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestContext)
    return app
