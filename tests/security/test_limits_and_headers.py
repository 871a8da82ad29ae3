"""Rate limits (429 with the JSON error shape), forwarded addresses, headers (the API docs' CSP
included), secrets."""

from __future__ import annotations

import base64
import hashlib
import inspect
import re
import secrets
from functools import partial

import pytest
from fastapi.openapi.docs import get_swagger_ui_html

from services.auth import principals as auth
from services.auth import secrets as security
from services.auth.secrets import hash_password, verify_password
from services.config import Settings
from services.web import api_docs
from services.web.ratelimit import RedisWindows, client_address
from tests.conftest import REDIS_URL, needs_redis
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, resume_body


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, database_url: str) -> str:
    return database_url


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"rate_limit_resumes_per_ip": 2, "rate_limit_applications_per_account": 1}
    )


async def test_resume_creation_and_applications_are_limited_with_a_clear_429(api: Api) -> None:
    statuses = [
        (await api.request("POST", "/api/resumes", json=resume_body())).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    refused = await api.request("POST", "/api/resumes", json=resume_body())
    assert refused.json()["error"] == "TooManyRequests"
    assert "频繁" in refused.json()["detail"] and "Too many" in refused.json()["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60

    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker_token = "fm_s_" + "x" * 43  # the limit counts per credential, before it is checked
    first = await api.request(
        "POST", "/api/applications", token=seeker_token, json={"posting_id": posting["id"]}
    )
    second = await api.request(
        "POST", "/api/applications", token=seeker_token, json={"posting_id": posting["id"]}
    )
    assert (first.status_code, second.status_code) == (401, 429)


async def test_limits_can_be_switched_off(api: Api) -> None:
    api.runtime.settings.rate_limit_enabled = False  # the middleware reads the same settings
    try:
        for _ in range(4):
            created = await api.request("POST", "/api/resumes", json=resume_body())
            assert created.status_code == 201
    finally:
        api.runtime.settings.rate_limit_enabled = True


def test_forwarded_for_is_used_only_when_trusted() -> None:
    scope = {"client": ("10.0.0.2", 1234), "headers": [(b"x-forwarded-for", b"1.1.1.1, 2.2.2.2")]}
    assert client_address(scope, trust_forwarded_for=False) == "10.0.0.2"
    assert client_address(scope, trust_forwarded_for=True) == "2.2.2.2"


async def test_security_headers_on_api_and_pages(api: Api) -> None:
    for path in (
        "/api/postings",
        "/healthz",
        "/api/postings/999999",
        "/",
        "/docs",
        "/openapi.json",
        "/static/app.css",
        "/no-such-page",
    ):
        response = await api.request("GET", path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path
    api_csp = (await api.request("GET", "/api/postings")).headers["Content-Security-Policy"]
    assert api_csp.startswith("default-src 'none'")


def _policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}."""
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def _script_hash(html: str) -> str:
    """The CSP source of the page's one inline <script>, hashed here from the body as served."""
    (script,) = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


async def test_api_docs_admit_only_their_own_inline_script(api: Api) -> None:
    docs = await api.request("GET", "/docs")
    assert docs.status_code == 200
    policy = _policy(docs.headers["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'none'"],
        "script-src": ["'self'", _script_hash(docs.text)],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert docs.headers["Referrer-Policy"] == "same-origin"
    assert docs.headers["Cross-Origin-Opener-Policy"] == "same-origin"


async def test_the_docs_hash_follows_the_script_fastapi_writes(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (await api.request("GET", "/docs")).headers["Content-Security-Policy"]
    other_script = partial(get_swagger_ui_html, swagger_ui_parameters={"filter": True})
    monkeypatch.setattr(api_docs, "get_swagger_ui_html", other_script)
    api_docs.docs_page.cache_clear()  # as if the process started with another FastAPI
    try:
        docs = await api.request("GET", "/docs")
    finally:
        api_docs.docs_page.cache_clear()
    assert '"filter": true' in docs.text
    after = _policy(docs.headers["Content-Security-Policy"])
    assert after["script-src"] == ["'self'", _script_hash(docs.text)]
    assert docs.headers["Content-Security-Policy"] != before


def test_secrets_are_compared_in_constant_time_and_passwords_hashed() -> None:
    assert "compare_digest" in inspect.getsource(security.same_secret)
    assert "same_secret(token, settings.admin_token)" in inspect.getsource(auth.resolve_principal)
    stored = hash_password("工厂密码123")
    assert stored.startswith("$argon2") and "工厂密码123" not in stored
    assert verify_password(stored, "工厂密码123")
    assert not verify_password(stored, "wrong")
    assert not verify_password(None, "工厂密码123")


@needs_redis
async def test_redis_windows_are_shared_by_workers_and_fail_open() -> None:
    key = f"test:{secrets.token_hex(4)}"
    first, second = RedisWindows(REDIS_URL), RedisWindows(REDIS_URL)  # two worker processes
    try:
        assert await first.hit([key, key + ":ip"], window=7, ttl=60) == [1, 1]
        assert await second.hit([key, key + ":ip"], window=7, ttl=60) == [2, 2]
        assert await second.hit([key], window=8, ttl=60) == [1]  # a new window starts at one
    finally:
        await first.close()
        await second.close()
    unreachable = RedisWindows("redis://127.0.0.1:9/0")  # nothing listens on port 9
    try:
        assert await unreachable.hit([key], window=7, ttl=60) is None  # let through, not refused
    finally:
        await unreachable.close()
