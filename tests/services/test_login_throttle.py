"""Issue 22 row 6: guessing passwords is throttled, argon2 is capped, weak passwords refused."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from services.auth.passwords import password_problem
from services.auth.throttle import (
    LoginThrottle,
    MemoryLoginThrottle,
    RedisLoginThrottle,
    ThrottleRule,
)
from tests.conftest import REDIS_URL, needs_redis
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair
from tests.support.attacks import timed_while
from tests.support.pages import browser, csrf_of, small_fair
from tests.support.portal import PASSWORD, hiring_scene

Outcome = tuple[int, str | None]


def _outcome(response: httpx.Response) -> Outcome:
    return response.status_code, response.headers.get("retry-after")


async def _api_login(api: Api, username: str, password: str) -> Outcome:
    body = {"username": username, "password": password}
    return _outcome(await api.request("POST", "/api/auth/login", json=body))


async def test_guessing_one_accounts_password_on_the_api_is_throttled(api: Api) -> None:
    fair_id = await make_fair(api)
    await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    answers = [await _api_login(api, "hengli", f"guess-{n:04d}-x") for n in range(150)]
    assert answers[:5] == [(401, None)] * 5
    locked = [a for a in answers if a[0] == 429]
    print(f"150 wrong API logins: {len(locked)} answered 429")
    assert len(locked) >= 140
    assert all(retry is not None and int(retry) >= 1 for _, retry in locked)
    right = await _api_login(api, "hengli", PASSWORD)
    assert right[0] == 429, "a locked account stays locked, even for the right password"


async def test_one_address_spraying_many_accounts_is_throttled(api: Api) -> None:
    answers = [await _api_login(api, f"user{n}", "spray-password-2025") for n in range(60)]
    assert {code for code, _ in answers[:30]} == {401}
    assert answers[-1][0] == 429 and answers[-1][1] is not None


async def test_portal_guesses_are_throttled(api: Api) -> None:
    await hiring_scene(api)
    async with browser(api) as client:
        form = await client.get("/portal/login")
        codes = []
        for n in range(60):
            data = {"csrf": csrf_of(form.text), "username": "hengli", "password": f"nope-{n}"}
            answer = await client.post("/portal/login", data=data)
            codes.append(_outcome(answer))
    assert codes[0] == (401, None)
    locked = [retry for code, retry in codes if code == 429]
    print(f"60 portal guesses: {len(locked)} answered 429")
    assert len(locked) >= 50 and all(retry is not None for retry in locked)


async def test_dashboard_token_guesses_are_throttled(api: Api) -> None:
    client = api.client
    client.cookies.clear()
    form = await client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf
    codes = []
    for n in range(300):
        data = {"token": f"fm_o_guess{n}", "csrf": csrf.group(1), "next": "/dashboard"}
        codes.append(_outcome(await client.post("/dashboard/login", data=data)))
    locked = [retry for code, retry in codes if code == 429]
    print(f"300 dashboard guesses: {len(locked)} answered 429")
    assert codes[0][0] == 303
    assert len(locked) >= 250 and all(retry is not None for retry in locked)


def _reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now


def _rss_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    assert found
    return int(found.group(1))


async def test_forty_concurrent_bad_logins_stay_within_a_few_argon2_buffers(api: Api) -> None:
    fair = await small_fair(api)
    await make_enterprise(api, fair.fair_id, username="hengli", password=PASSWORD)
    body = {"password": "wrong-but-long-enough"}
    storm = [
        api.client.post("/api/auth/login", json=body | {"username": f"firm{n % 8}"})
        for n in range(40)
    ]
    _reset_peak_rss()
    before = _rss_kb("VmRSS")
    probe, answers = await timed_while(
        storm,
        lambda: api.client.get("/api/postings", params={"q": "数控车工"}),
        head_start=0.05,
    )
    grown_mb = (_rss_kb("VmHWM") - before) / 1024
    print(f"40 concurrent bad logins: peak RSS +{grown_mb:.0f} MB, search {probe.seconds:.2f} s")
    assert {a.status_code for a in answers} <= {401, 503}
    assert all(a.headers.get("retry-after") for a in answers if a.status_code == 503)
    assert grown_mb < 200
    assert probe.status == 200 and probe.seconds < 1.0


def _memory() -> LoginThrottle:
    return MemoryLoginThrottle(ThrottleRule(free_per_account=2, max_wait=60))


def _redis() -> LoginThrottle:
    return RedisLoginThrottle(REDIS_URL, ThrottleRule(free_per_account=2, max_wait=60))


@pytest.mark.parametrize(
    "make",
    [_memory, pytest.param(_redis, marks=[needs_redis, pytest.mark.redis])],
    ids=["memory", "redis"],
)
def test_a_lock_grows_exponentially_and_ends(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[], LoginThrottle]
) -> None:
    now = [1000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    key = f"account:a{time.perf_counter_ns()}"

    async def scenario() -> list[int | None]:
        throttle = make()
        waits = []
        for _ in range(9):
            await throttle.failed([key])
            waits.append(await throttle.wait([key]))
        now[0] += 61
        waits.append(await throttle.wait([key]))
        await throttle.failed([key])
        await throttle.succeeded(key)
        waits.append(await throttle.wait([key]))
        await throttle.close()
        return waits

    assert asyncio.run(scenario()) == [None, None, 2, 4, 8, 16, 32, 60, 60, None, None]


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("12345678", True),
        ("          ", True),
        ("1234567890", True),
        ("password123", True),
        ("qwertyuiop", True),
        ("hengli2025!", True),  # the username plus a year
        ("hr-secret-2025", False),
        ("焊工车间第三班2025", False),
    ],
)
def test_password_policy(password: str, refused: bool) -> None:
    assert (password_problem(password, user_inputs=("hengli",)) is not None) is refused


async def test_a_weak_password_is_refused_when_the_account_is_made(api: Api) -> None:
    fair_id = await make_fair(api)
    for weak in ("12345678", " " * 12):
        body = {"name": "甲公司", "booth": "Z9", "username": "weakling", "password": weak}
        answer = await api.request(
            "POST", f"/api/fairs/{fair_id}/enterprises", token=ADMIN_TOKEN, json=body
        )
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["loc"][-1] == "password"
