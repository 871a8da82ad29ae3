"""Find my résumé by mobile number and one-time code: expiry, tries, limits, enumeration, and
Tencent Cloud SMS against a local fake of its API."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from services.auth import phone_codes
from services.auth.phone_codes import CodeCheck, CodeRequest, normalize_phone
from services.auth.sms import SmsFailed, TencentSmsSender, create_sms_sender
from services.config import Environment, Settings
from services.db import utcnow
from services.models import PhoneCode, Resume
from tests.services.conftest import Api
from tests.services.factories import make_resume
from tests.support import fake_tencent_sms as fake
from tests.support.pages import browser, csrf_of

PHONE = "13912345678"
UNKNOWN = "13700000000"


class RecordingSender:
    """Keeps the messages instead of sending them."""

    shows_code = False

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    async def send_code(self, *, phone: str, code: str, minutes: int) -> None:
        self.messages.append((phone, code))

    async def close(self) -> None:
        return None


async def _request(
    api: Api, phone: str, *, address: str = "10.0.0.1", at: datetime | None = None
) -> phone_codes.Requested:
    async with api.runtime.sessions() as session:
        return await phone_codes.request_code(
            session=session, raw_phone=phone, address=address, now=at or utcnow(), show_code=False
        )


async def _check(
    api: Api, phone: str, code: str, *, at: datetime | None = None
) -> phone_codes.Checked:
    async with api.runtime.sessions() as session:
        return await phone_codes.check_code(
            session=session, raw_phone=phone, code=code, now=at or utcnow()
        )


def test_mainland_numbers_are_normalized() -> None:
    assert normalize_phone("+86 139-1234-5678") == PHONE
    assert normalize_phone("008613912345678") == PHONE
    assert normalize_phone(" 139 1234 5678 ") == PHONE
    assert normalize_phone("12912345678") is None and normalize_phone("1391234567") is None


async def test_a_code_finds_the_resume_within_five_minutes_only(api: Api) -> None:
    await make_resume(api, phone=PHONE)
    start = utcnow()
    requested = await _request(api, PHONE, at=start)
    assert requested.outcome is CodeRequest.sent and requested.message is not None
    code = requested.message[1]
    assert re.fullmatch(r"\d{6}", code)
    late = await _check(api, PHONE, code, at=start + timedelta(minutes=5, seconds=1))
    assert late.outcome is CodeCheck.wrong
    second = await _request(api, PHONE, at=start + timedelta(minutes=6))
    assert second.message is not None
    found = await _check(api, PHONE, second.message[1], at=start + timedelta(minutes=10))
    assert found.outcome is CodeCheck.found and found.resume is not None and found.token
    reused = await _check(api, PHONE, second.message[1], at=start + timedelta(minutes=10))
    assert reused.outcome is CodeCheck.wrong  # one use


async def test_five_wrong_tries_burn_the_code(api: Api) -> None:
    await make_resume(api, phone=PHONE)
    requested = await _request(api, PHONE)
    assert requested.message is not None
    code = requested.message[1]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert (await _check(api, PHONE, wrong)).outcome is CodeCheck.wrong
    assert (await _check(api, PHONE, code)).outcome is CodeCheck.wrong
    async with api.runtime.sessions() as session:
        row = await session.scalar(select(PhoneCode))
    assert row is not None and row.attempts == 5 and not row.used


async def test_codes_are_limited_per_number_and_per_address(api: Api) -> None:
    start = utcnow()
    assert (await _request(api, PHONE, at=start)).outcome is CodeRequest.sent
    too_soon = await _request(api, PHONE, at=start + timedelta(seconds=30))
    assert too_soon.outcome is CodeRequest.too_soon and too_soon.message is None
    for minute in range(1, 5):
        later = start + timedelta(minutes=minute, seconds=1)
        assert (await _request(api, PHONE, at=later)).outcome is CodeRequest.sent
    sixth = await _request(api, PHONE, at=start + timedelta(minutes=10))
    assert sixth.outcome is CodeRequest.too_soon  # five an hour per number
    assert (
        await _request(api, PHONE, at=start + timedelta(minutes=61))
    ).outcome is CodeRequest.sent
    # one address asking for many numbers: twenty an hour
    outcomes = [
        (await _request(api, f"1380000{n:04d}", address="10.9.9.9", at=start)).outcome
        for n in range(21)
    ]
    assert outcomes[:20] == [CodeRequest.sent] * 20 and outcomes[20] is CodeRequest.too_soon
    other = await _request(api, "13800009999", address="10.9.9.8", at=start)
    assert other.outcome is CodeRequest.sent


async def test_unknown_numbers_get_the_same_answer_and_no_message(api: Api) -> None:
    await make_resume(api, phone=PHONE)
    api.runtime.sms = sender = RecordingSender()
    answers = []
    async with browser(api) as phone:
        for number in (PHONE, UNKNOWN):
            form = await phone.get("/me/find")
            answer = await phone.post(
                "/me/find", data={"csrf": csrf_of(form.text), "phone": number}
            )
            answers.append(answer)
    registered, unknown = answers
    assert registered.status_code == unknown.status_code == 200
    assert registered.text.replace(PHONE, "N") == unknown.text.replace(UNKNOWN, "N")
    assert "如果这个手机号填写过简历，验证码已发出" in unknown.text
    assert "dev-code" not in registered.text  # not development: the page never shows a code
    assert [number for number, _ in sender.messages] == [PHONE]  # only the registered one


async def test_a_second_browser_finds_the_resume_and_the_first_loses_it(api: Api) -> None:
    created = await make_resume(api, phone=PHONE, name="王建国")
    api.runtime.sms = sender = RecordingSender()
    async with browser(api) as first:
        first.cookies.set("fm_seeker", created["token"])
        assert "王建国" in (await first.get("/me")).text
        async with browser(api) as second:
            form = await second.get("/me/find")
            sent = await second.post("/me/find", data={"csrf": csrf_of(form.text), "phone": PHONE})
            code = sender.messages[-1][1]
            wrong = await second.post(
                "/me/find/verify",
                data={"csrf": csrf_of(sent.text), "phone": PHONE, "code": "000000"},
            )
            if code != "000000":
                assert wrong.status_code == 422 and "验证码不正确或已过期" in wrong.text
            done = await second.post(
                "/me/find/verify", data={"csrf": csrf_of(sent.text), "phone": PHONE, "code": code}
            )
            assert done.status_code == 303 and done.headers["location"] == "/me?found=1"
            mine = await second.get("/me?found=1")
            assert "已找回你的简历" in mine.text and "王建国" in mine.text
        assert "你还没有简历" in (await first.get("/me")).text  # the token was replaced


async def test_development_shows_the_code_on_the_page_and_in_the_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api.runtime.settings.environment = Environment.development
    async with browser(api) as phone:
        form = await phone.get("/me/find")
        with caplog.at_level("WARNING", logger="fairmatch.sms"):
            sent = await phone.post("/me/find", data={"csrf": csrf_of(form.text), "phone": UNKNOWN})
    shown = re.search(r"验证码是 (\d{6})", sent.text)
    assert shown is not None
    assert f"sms code {shown.group(1)} for 137****0000" in caplog.text
    assert UNKNOWN not in caplog.text  # the log masks the number


async def test_a_bad_number_is_pointed_out_and_nothing_is_stored(api: Api) -> None:
    async with browser(api) as phone:
        form = await phone.get("/me/find")
        bad = await phone.post("/me/find", data={"csrf": csrf_of(form.text), "phone": "12345"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    assert 'value="12345"' in bad.text
    async with api.runtime.sessions() as session:
        assert await session.scalar(select(PhoneCode)) is None


def _tencent_settings(url: str, *, key: str = fake.SECRET_KEY) -> Settings:
    return Settings(
        sms_backend="tencent",
        tencent_secret_id=fake.SECRET_ID,
        tencent_secret_key=key,
        tencent_sms_app_id=fake.APP_ID,
        tencent_sms_sign=fake.SIGN_NAME,
        tencent_sms_template=fake.TEMPLATE_ID,
        tencent_sms_endpoint=url,
    )


def _tencent(url: str, *, key: str = fake.SECRET_KEY) -> TencentSmsSender:
    sender = create_sms_sender(_tencent_settings(url, key=key))
    assert isinstance(sender, TencentSmsSender)
    return sender


async def test_tencent_sender_signs_requests_the_gateway_accepts() -> None:
    with fake.fake_tencent_sms() as gateway:
        sender = _tencent(gateway.url)
        try:
            await sender.send_code(phone=PHONE, code="042917", minutes=5)
        finally:
            await sender.close()
    assert gateway.refusals == []
    assert gateway.sent == [
        {
            "PhoneNumberSet": [f"+86{PHONE}"],
            "SmsSdkAppId": fake.APP_ID,
            "SignName": fake.SIGN_NAME,
            "TemplateId": fake.TEMPLATE_ID,
            "TemplateParamSet": ["042917", "5"],
        }
    ]


async def test_tencent_sender_reports_refusals() -> None:
    with fake.fake_tencent_sms() as gateway:
        wrong_key = _tencent(gateway.url, key="not-the-key")
        with pytest.raises(SmsFailed, match=r"AuthFailure\.SignatureFailure"):
            await wrong_key.send_code(phone=PHONE, code="123456", minutes=5)
        await wrong_key.close()
        gateway.fail_with = "LimitExceeded.PhoneNumberDailyLimit"
        sender = _tencent(gateway.url)
        with pytest.raises(SmsFailed, match="PhoneNumberDailyLimit"):
            await sender.send_code(phone=PHONE, code="123456", minutes=5)
        await sender.close()
    unreachable = _tencent(gateway.url)  # the fake has stopped
    with pytest.raises(SmsFailed, match="unreachable"):
        await unreachable.send_code(phone=PHONE, code="123456", minutes=5)
    await unreachable.close()
    assert gateway.sent == []


async def test_the_pages_text_the_code_through_tencent(api: Api) -> None:
    await make_resume(api, phone=PHONE)
    with fake.fake_tencent_sms() as gateway:
        api.runtime.sms = _tencent(gateway.url)
        async with browser(api) as phone:
            form = await phone.get("/me/find")
            sent = await phone.post("/me/find", data={"csrf": csrf_of(form.text), "phone": PHONE})
            code = gateway.sent[0]["TemplateParamSet"][0]
            done = await phone.post(
                "/me/find/verify", data={"csrf": csrf_of(sent.text), "phone": PHONE, "code": code}
            )
        await api.runtime.sms.close()
    assert done.status_code == 303
    async with api.runtime.sessions() as session:
        assert await session.scalar(select(Resume.phone)) == PHONE


def test_tencent_needs_every_credential() -> None:
    with pytest.raises(ValueError, match="FAIRMATCH_TENCENT_"):
        Settings(sms_backend="tencent", tencent_secret_id="x")


async def test_deleting_the_resume_forgets_its_codes(api: Api) -> None:
    created = await make_resume(api, phone=PHONE)
    await _request(api, PHONE)
    await _request(api, UNKNOWN)
    deleted = await api.request("DELETE", f"/api/resumes/{created['id']}", token=created["token"])
    assert deleted.status_code == 204, deleted.text
    async with api.runtime.sessions() as session:
        left = (await session.scalars(select(PhoneCode.phone_digest))).all()
    assert len(left) == 1  # the other number's code only
