"""Text messages with one-time codes: the SmsSender protocol, a log sender for development and
Tencent Cloud SMS (API 3.0, TC3-HMAC-SHA256 request signing) for production."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import httpx

from services.config import Settings

log = logging.getLogger("fairmatch.sms")

TENCENT_SERVICE = "sms"
TENCENT_VERSION = "2021-01-11"
TENCENT_ACTION = "SendSms"
TENCENT_ALGORITHM = "TC3-HMAC-SHA256"
TENCENT_SIGNED_HEADERS = "content-type;host"


class SmsFailed(Exception):
    """The gateway refused or could not be reached; the code was not delivered."""


class SmsSender(Protocol):
    """Sends a one-time code to a mainland mobile number (11 digits, no country code)."""

    @property
    def shows_code(self) -> bool:
        """Whether the page may show the code itself (development only: nothing is sent)."""
        ...

    async def send_code(self, *, phone: str, code: str, minutes: int) -> None: ...

    async def close(self) -> None: ...


def masked(phone: str) -> str:
    """138****1234: enough for an operator to match a complaint, not enough to call."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


class LogSmsSender:
    """Development: the code goes to the server log (and the page), no message is sent."""

    shows_code = True

    async def send_code(self, *, phone: str, code: str, minutes: int) -> None:
        log.warning(
            "sms code %s for %s (valid %d min; development: not sent)", code, masked(phone), minutes
        )

    async def close(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class TencentSmsConfig:
    secret_id: str
    secret_key: str
    app_id: str  # SmsSdkAppId
    sign_name: str
    template_id: str  # a template with two parameters: the code and its minutes
    endpoint: str = "https://sms.tencentcloudapi.com"
    region: str = "ap-guangzhou"


def tc3_signature(*, secret_key: str, date: str, service: str, string_to_sign: str) -> str:
    """The TC3-HMAC-SHA256 signature: HMAC chain over date, service and "tc3_request"."""

    def sign(key: bytes, message: str) -> bytes:
        return hmac.new(key, message.encode(), hashlib.sha256).digest()

    secret_date = sign(("TC3" + secret_key).encode(), date)
    secret_service = sign(secret_date, service)
    secret_signing = sign(secret_service, "tc3_request")
    return hmac.new(secret_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()


def tc3_string_to_sign(*, host: str, payload: bytes, timestamp: int, service: str) -> str:
    """Canonical request of a JSON POST to / (headers content-type and host), hashed and framed."""
    canonical_request = "\n".join(
        (
            "POST",
            "/",
            "",
            f"content-type:application/json; charset=utf-8\nhost:{host}\n",
            TENCENT_SIGNED_HEADERS,
            hashlib.sha256(payload).hexdigest(),
        )
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    digest = hashlib.sha256(canonical_request.encode()).hexdigest()
    return f"{TENCENT_ALGORITHM}\n{timestamp}\n{scope}\n{digest}"


class TencentSmsSender:
    """Tencent Cloud SMS SendSms over HTTPS, signed with TC3-HMAC-SHA256."""

    shows_code = False

    def __init__(self, config: TencentSmsConfig, client: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=3.0))

    def signed_request(
        self, *, phone: str, code: str, minutes: int, timestamp: int
    ) -> httpx.Request:
        """The SendSms request for one number, with its Authorization header."""
        config = self.config
        payload = json.dumps(
            {
                "PhoneNumberSet": [f"+86{phone}"],
                "SmsSdkAppId": config.app_id,
                "SignName": config.sign_name,
                "TemplateId": config.template_id,
                "TemplateParamSet": [code, str(minutes)],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        host = httpx.URL(config.endpoint).netloc.decode("ascii")  # with a port, if not the default
        date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        string_to_sign = tc3_string_to_sign(
            host=host, payload=payload, timestamp=timestamp, service=TENCENT_SERVICE
        )
        signature = tc3_signature(
            secret_key=config.secret_key,
            date=date,
            service=TENCENT_SERVICE,
            string_to_sign=string_to_sign,
        )
        authorization = (
            f"{TENCENT_ALGORITHM} Credential={config.secret_id}/{date}/{TENCENT_SERVICE}/"
            f"tc3_request, SignedHeaders={TENCENT_SIGNED_HEADERS}, Signature={signature}"
        )
        return self.client.build_request(
            "POST",
            config.endpoint,
            content=payload,
            headers={
                "Authorization": authorization,
                "Content-Type": "application/json; charset=utf-8",
                "Host": host,
                "X-TC-Action": TENCENT_ACTION,
                "X-TC-Timestamp": str(timestamp),
                "X-TC-Version": TENCENT_VERSION,
                "X-TC-Region": config.region,
            },
        )

    async def send_code(self, *, phone: str, code: str, minutes: int) -> None:
        request = self.signed_request(
            phone=phone, code=code, minutes=minutes, timestamp=int(time.time())
        )
        try:
            response = await self.client.send(request)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SmsFailed(f"Tencent SMS unreachable: {exc.__class__.__name__}") from exc
        answer = body.get("Response", {}) if isinstance(body, dict) else {}
        error = answer.get("Error")
        if error:
            raise SmsFailed(f"Tencent SMS refused: {error.get('Code')}")
        statuses = answer.get("SendStatusSet") or [{}]
        if statuses[0].get("Code") != "Ok":
            raise SmsFailed(f"Tencent SMS not sent: {statuses[0].get('Code')}")
        log.info("sms code sent to %s (request %s)", masked(phone), answer.get("RequestId"))

    async def close(self) -> None:
        await self.client.aclose()


def create_sms_sender(settings: Settings) -> SmsSender:
    """Tencent Cloud SMS when its credentials are configured, else the development log sender."""
    if settings.sms_backend == "tencent":
        return TencentSmsSender(
            TencentSmsConfig(
                secret_id=settings.tencent_secret_id,
                secret_key=settings.tencent_secret_key,
                app_id=settings.tencent_sms_app_id,
                sign_name=settings.tencent_sms_sign,
                template_id=settings.tencent_sms_template,
                endpoint=settings.tencent_sms_endpoint,
            )
        )
    return LogSmsSender()
