"""A local stand-in for Tencent Cloud SMS (API 3.0): checks the TC3-HMAC-SHA256 signature the
way the real service documents it, records each accepted SendSms, answers in Tencent's shapes."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET_ID = "AKIDfakeFairMatchTest"
SECRET_KEY = "fake-secret-key-for-tests-only"
APP_ID = "1400000000"
SIGN_NAME = "常州人才市场"
TEMPLATE_ID = "1234567"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def expected_signature(request_headers: dict[str, str], body: bytes, secret_key: str) -> str:
    """Tencent's documented steps 1-4, written out again here (not imported from the product)."""
    timestamp = int(request_headers["x-tc-timestamp"])
    day = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical_headers = (
        f"content-type:{request_headers['content-type'].lower()}\n"
        f"host:{request_headers['host'].lower()}\n"
    )
    canonical = "\n".join(
        ["POST", "/", "", canonical_headers, "content-type;host", hashlib.sha256(body).hexdigest()]
    )
    to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            f"{day}/sms/tc3_request",
            hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode("utf-8"), day), "sms"), "tc3_request")
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass
class FakeTencentSms:
    """What the fake gateway received, and how it should answer the next request."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    fail_with: str | None = None  # e.g. "LimitExceeded.PhoneNumberDailyLimit"
    url: str = ""

    def error(self, code: str, message: str) -> JSONResponse:
        self.refusals.append(code)
        body = {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "fake"}}
        return JSONResponse(body)

    async def handle(self, request: Request) -> JSONResponse:
        headers = {k.lower(): v for k, v in request.headers.items()}
        body = await request.body()
        authorization = headers.get("authorization", "")
        if headers.get("x-tc-action") != "SendSms" or headers.get("x-tc-version") != "2021-01-11":
            return self.error("InvalidAction", "unknown action or version")
        if abs(time.time() - int(headers.get("x-tc-timestamp", "0"))) > 300:
            return self.error("AuthFailure.SignatureExpire", "timestamp too far off")
        parts = dict(
            item.strip().split("=", 1) for item in authorization.split(" ", 1)[-1].split(",")
        )
        credential = parts.get("Credential", "").split("/")
        if not authorization.startswith("TC3-HMAC-SHA256 ") or credential[0] != SECRET_ID:
            return self.error("AuthFailure.SecretIdNotFound", "unknown SecretId")
        if parts.get("Signature") != expected_signature(headers, body, SECRET_KEY):
            return self.error("AuthFailure.SignatureFailure", "signature mismatch")
        payload = json.loads(body)
        if payload.get("SmsSdkAppId") != APP_ID or payload.get("TemplateId") != TEMPLATE_ID:
            return self.error("InvalidParameterValue.SdkAppIdNotExist", "unknown app")
        if self.fail_with is not None:
            return self.error(self.fail_with, "refused by the test")
        self.sent.append(payload)
        phone = payload["PhoneNumberSet"][0]
        status = {"SerialNo": "fake", "PhoneNumber": phone, "Fee": 1, "Code": "Ok"}
        return JSONResponse({"Response": {"SendStatusSet": [status], "RequestId": "fake-ok"}})


@contextmanager
def fake_tencent_sms() -> Iterator[FakeTencentSms]:
    """The fake on a free loopback port, served by uvicorn in a thread."""
    fake = FakeTencentSms()
    app = Starlette(routes=[Route("/", fake.handle, methods=["POST"])])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the fake SMS gateway did not start"
        time.sleep(0.05)
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
