"""A live FairMatch server on a free loopback port over a temporary SQLite database."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from services.app import create_app
from services.config import Environment, SearchKind, Settings
from services.migrate import upgrade

ADMIN_TOKEN = "fm_o_e2e-admin-token"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

JOBS = (
    ("数控车工", "intermediate", 7000, 10000),
    ("电焊工", "senior", 8000, 12000),
    ("设备维修电工", "senior", 7500, 11000),
    ("装配钳工", "junior", 6000, 8000),
    ("焊接机器人操作工", "intermediate", 7000, 9500),
)


@dataclass(frozen=True)
class LiveFair:
    base_url: str
    fair_id: int
    app: FastAPI  # the served app (its runtime lives in app.state)


def sign_in(page: Page, url: str, *, token: str = ADMIN_TOKEN) -> None:
    """Open a page that asks for a token, sign in with it, and wait to be back on the page."""
    page.goto(url)
    page.fill("#token", token)
    page.click("form.login button[type=submit]")
    page.wait_for_url(url)


@contextmanager
def organizer_desk(base: str) -> Iterator[tuple[BrowserContext, Page, list[str]]]:
    """A desktop Chromium (zh-CN) signed in to the organizer console: its context, the page and
    the list collecting the page's script and console errors."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        errors: list[str] = []
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            sign_in(page, f"{base}/organizer")
            yield context, page, errors
        finally:
            context.close()
            chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def add_fair(client: httpx.Client, name: str, day: str) -> int:
    """A fair on `day` (YYYY-MM-DD) at the city's HR market, created by the organizer."""
    fair = client.post(
        "/api/fairs",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        json={
            "name": name,
            "venue": "常州市人力资源市场",
            "starts_at": f"{day}T08:30:00+08:00",
            "ends_at": f"{day}T12:00:00+08:00",
        },
    )
    assert fair.status_code == 201, fair.text
    fair_id: int = fair.json()["id"]
    return fair_id


def add_firm(client: httpx.Client, fair_id: int, name: str, booth: str) -> dict[str, Any]:
    """An enterprise at a booth of the fair; its answer carries the firm's token."""
    firm = client.post(
        f"/api/fairs/{fair_id}/enterprises",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        json={"name": name, "booth": booth},
    )
    assert firm.status_code == 201, firm.text
    body: dict[str, Any] = firm.json()
    return body


def _seed(client: httpx.Client) -> int:
    fair_id = add_fair(client, "常州市技能人才招聘会", "2025-03-01")
    for index, (title, level, low, high) in enumerate(JOBS):
        enterprise = add_firm(
            client, fair_id, f"常州第{index + 1}精密制造有限公司", f"A{index + 1:02d}"
        )
        created = client.post(
            "/api/postings",
            headers={"Authorization": f"Bearer {enterprise['token']}"},
            json={
                "fair_id": fair_id,
                "title": title,
                "description": f"{title}岗位，负责汽车零部件生产。",
                "requirements": "两年以上相关经验，持职业技能等级证书优先。",
                "skill_level": level,
                "headcount": 2 + index,
                "salary_min": low,
                "salary_max": high,
            },
        )
        assert created.status_code == 201, created.text
    return fair_id


def _wait_indexed(client: httpx.Client, fair_id: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = client.get("/api/postings", params={"fair_id": fair_id, "q": "焊工"}).json()
        if found["total"] >= 1:
            return
        time.sleep(0.5)
    raise AssertionError("postings were not indexed within a minute")


@contextmanager
def serving(database_url: str, data_dir: Path) -> Iterator[tuple[str, FastAPI]]:
    """The app over a migrated database, served by uvicorn in a thread: (base URL, app)."""
    port = _free_port()
    settings = Settings(
        environment=Environment.test,
        database_url=database_url,
        data_dir=data_dir,
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
        public_url=f"http://127.0.0.1:{port}",
    )
    app = create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def live_fair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveFair]:
    """Serve the app with uvicorn in a thread; a small fair created through the API."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    data = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{data / 'fairmatch.db'}"
    upgrade(url)
    with serving(url, data) as (base_url, app):
        with httpx.Client(base_url=base_url, timeout=30) as client:
            fair_id = _seed(client)
            _wait_indexed(client, fair_id)
        yield LiveFair(base_url=base_url, fair_id=fair_id, app=app)


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for one test."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
