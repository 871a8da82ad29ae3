"""How people find their way in: /docs works offline, a bad admin token is refused at start-up."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from frontend import STATIC_DIR
from services.cli import app as cli
from services.config import Environment, Settings, get_settings
from tests.services.conftest import Api
from tests.services.factories import make_fair


async def test_api_docs_load_swagger_ui_from_this_server(api: Api) -> None:
    html = (await api.request("GET", "/docs")).text
    assert "cdn" not in html.lower()
    assert '"/static/vendor/swagger-ui/swagger-ui-bundle.js"' in html
    if not (STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        pytest.skip("Swagger UI is not built: cd frontend/charts && npm ci && npm run build")
    script = await api.request("GET", "/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    css = await api.request("GET", "/static/vendor/swagger-ui/swagger-ui.css")
    assert css.status_code == 200 and b".swagger-ui" in css.content
    assert (await api.request("GET", "/redoc")).status_code == 404  # it needed a CDN


def test_an_admin_token_without_the_organizer_prefix_is_refused_at_start_up() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment=Environment.test, admin_token="my-secret-organizer-password")
    message = str(refused.value)
    assert "fm_o_" in message and "fairmatch create-organizer" in message
    assert Settings(environment=Environment.test, admin_token="fm_o_" + "x" * 40).admin_token


def test_the_command_line_says_how_to_make_an_organizer_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAIRMATCH_ADMIN_TOKEN", "my-secret-organizer-password")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["migrate"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "fairmatch create-organizer" in result.output
    assert "Traceback" not in result.output


async def test_browse_jobs_without_a_fair_at_hand_opens_the_newest_fair(api: Api) -> None:
    assert (await api.request("GET", "/f")).headers["location"] == "/"  # no fair yet: the doors
    older = await make_fair(
        api, starts_at="2026-03-01T09:00:00+08:00", ends_at="2026-03-01T12:00:00+08:00"
    )
    newer = await make_fair(
        api, starts_at="2026-10-01T09:00:00+08:00", ends_at="2026-10-01T12:00:00+08:00"
    )
    assert older != newer
    response = await api.request("GET", "/f")
    assert response.status_code == 302 and response.headers["location"] == f"/f/{newer}"
