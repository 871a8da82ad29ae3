"""The front door (求职者 / 企业 / 主办方) and the API docs served from bundled assets."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from services.deps import SessionDep
from services.models import Fair
from services.web.api_docs import docs_page
from services.web.pages import PageDep, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# Where each kind of visitor starts (`fairmatch serve` prints them: fairs/public_base.py).
DOORS = {"seeker": "/f/{fair_id}", "enterprise": "/portal", "organizer": "/organizer"}


async def _seeker_door(session: SessionDep) -> str | None:
    """The newest fair's job list, or None before any fair exists."""
    fair_id = await session.scalar(select(Fair.id).order_by(Fair.starts_at.desc()).limit(1))
    return DOORS["seeker"].format(fair_id=fair_id) if fair_id is not None else None


@router.get("/")
async def home(page: PageDep, session: SessionDep) -> Response:
    """Three doors: seekers to the newest fair's jobs, firms to the portal, organizers to theirs."""
    seeker = await _seeker_door(session) or "/me"
    return page.render("home.html", seeker_url=seeker, doors=DOORS)


@router.get("/f")
async def newest_fair(page: PageDep, session: SessionDep) -> Response:
    """Where "browse jobs" leads when no fair is at hand (after deleting a résumé, say)."""
    return page.finish(RedirectResponse(await _seeker_door(session) or "/", status_code=302))


@router.get("/docs")
async def api_docs() -> Response:
    """Swagger UI from frontend/static/vendor (built by frontend/charts): no CDN, works offline,
    under a policy that runs only its bundle and its own inline start-up script."""
    docs = docs_page()
    return HTMLResponse(
        docs.html, headers={"Content-Security-Policy": docs.content_security_policy}
    )
