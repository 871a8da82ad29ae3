"""The API docs in headless Chromium under their Content-Security-Policy: Swagger UI renders the
operations from /openapi.json and runs one with nothing refused; Authorize with an organizer token
opens a protected operation; a stale script hash is caught."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, Route

from frontend import STATIC_DIR
from services.web.api_docs import content_security_policy
from tests.e2e.conftest import ADMIN_TOKEN, ARTIFACTS, LiveFair

pytestmark = pytest.mark.browser

# Init scripts run before the page's own and are not subject to its policy.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
OPERATIONS = '.swagger-ui .opblock-summary-path[data-path="/api/postings"]'
# Functions, not expressions: Playwright would eval an expression, which the policy refuses.
RENDERED_OR_REFUSED = f"() => window.cspViolations.length || document.querySelector({OPERATIONS!r})"
STATUS = ".live-responses-table tr.response .response-col_status"  # inside an operation
# An organizer's operation: GET /api/fairs/{fair_id}/stats
STATS = ".swagger-ui .opblock-get:has([data-path='/api/fairs/{fair_id}/stats'])"


@contextmanager
def docs_tab(chromium: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A fresh tab that records policy violations, script errors and console errors."""
    if not (STATIC_DIR / "vendor" / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        pytest.fail("Swagger UI is not built: cd frontend/charts && npm ci && npm run build")
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    problems: list[str] = []
    try:
        page = context.new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        yield page, problems
    finally:
        context.close()


def violations(page: Page) -> list[str]:
    """What the page's policy refused so far: "<directive> <blocked URI>" each."""
    refused: list[str] = page.evaluate("window.cspViolations")
    return refused


def test_swagger_ui_renders_and_runs_an_operation_under_the_docs_policy(
    live_fair: LiveFair, chromium: Browser
) -> None:
    with docs_tab(chromium) as (page, problems):
        response = page.goto(live_fair.base_url + "/docs")
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "'sha256-" in policy and "unsafe-" not in policy
        # Rendered from /openapi.json, or refused: then say what, without waiting out a timeout.
        page.wait_for_function(RENDERED_OR_REFUSED)
        assert violations(page) == []
        page.click(".swagger-ui .opblock-summary-path[data-path='/healthz']")
        page.click(".swagger-ui button.try-out__btn")
        page.click(".swagger-ui button.execute")
        status = page.wait_for_selector(f".swagger-ui {STATUS}")
        assert status is not None and status.inner_text().strip() == "200"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs-csp.png"), full_page=True)
        assert violations(page) == []
        assert problems == []


# True once the operation's response table shows the awaited status (a function, not an
# expression: Playwright evaluates expressions with eval, which the docs' policy refuses).
SHOWS_STATUS = "([selector, code]) => document.querySelector(selector)?.innerText.startsWith(code)"


def executed_status(page: Page, operation: str) -> str:
    """Execute an opened operation and wait until Swagger UI shows this call's answer (not the
    previous call's, still on screen while the new one is on its way): the status it shows."""
    with page.expect_response(
        lambda response: "/api/" in response.url or "/healthz" in response.url
    ) as answer:
        page.click(f"{operation} button.execute")
    selector = f"{operation} {STATUS}"
    page.wait_for_function(SHOWS_STATUS, arg=[selector, str(answer.value.status)])
    return page.inner_text(selector).split()[0]  # a status the schema does not list: "Undocumented"


def test_authorize_with_an_organizer_token_opens_a_protected_operation(
    live_fair: LiveFair, chromium: Browser
) -> None:
    with docs_tab(chromium) as (page, problems):
        page.goto(live_fair.base_url + "/docs")
        page.wait_for_function(RENDERED_OR_REFUSED)
        assert violations(page) == []
        # The organizer's operation, tried before signing in: refused.
        page.click(f"{STATS} .opblock-summary-control")
        page.click(f"{STATS} button.try-out__btn")
        page.fill(f"{STATS} tr[data-param-name='fair_id'] input", str(live_fair.fair_id))
        assert executed_status(page, STATS) == "401"
        # Authorize: the dialog names the token kinds; the organizer token goes in.
        page.click(".swagger-ui .auth-wrapper button.authorize")
        dialog = page.wait_for_selector(".swagger-ui .dialog-ux .modal-ux")
        assert dialog is not None
        assert "BearerToken" in dialog.inner_text() and "fm_o_" in dialog.inner_text()
        page.fill(".swagger-ui .modal-ux .auth-container input", ADMIN_TOKEN)
        page.click(".swagger-ui .modal-ux button.modal-btn.auth.authorize")
        page.wait_for_selector(".swagger-ui .modal-ux button.modal-btn.auth:not(.authorize)")
        page.click(".swagger-ui .modal-ux button.btn-done")
        # The same operation again: the token is sent, and the fair's counts come back.
        assert executed_status(page, STATS) == "200"
        curl = page.inner_text(f"{STATS} .curl-command")
        assert f"Authorization: Bearer {ADMIN_TOKEN}" in curl
        body = page.inner_text(f"{STATS} .live-responses-table")
        assert f'"fair_id": {live_fair.fair_id}' in body
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(STATS).screenshot(path=str(ARTIFACTS / "api-docs-authorize.png"))
        assert violations(page) == []
        # The refused first try is the one error the console may show.
        refused = "the server responded with a status of 401"
        assert [problem for problem in problems if refused not in problem] == []


def test_a_stale_script_hash_stops_swagger_ui_and_is_seen(
    live_fair: LiveFair, chromium: Browser
) -> None:
    """The same page under the same policy but a hash of other text: the check above would fail."""

    def stale_hash(route: Route) -> None:
        served = route.fetch()
        policy = content_security_policy("<script>const ui = null</script>")
        route.fulfill(
            response=served, headers={**served.headers, "content-security-policy": policy}
        )

    with docs_tab(chromium) as (page, problems):
        page.route("**/docs", stale_hash)
        page.goto(live_fair.base_url + "/docs")
        page.wait_for_function("() => window.cspViolations.length > 0")
        assert violations(page) == ["script-src-elem inline"]
        assert any("Content Security Policy" in problem for problem in problems)
        assert page.locator(".swagger-ui .opblock").count() == 0
