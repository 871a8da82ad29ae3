"""The organizer console over HTTP: an Excel list of firms (all or none), 企业报名 with the
credit code's check digit, approval with a booth, password reset, and the account page."""

from __future__ import annotations

import io
import re

import httpx
from openpyxl import Workbook

from services.fairs.credit_code import check_character, normalize_credit_code
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_fair
from tests.support.pages import browser, csrf_of, organizer_sign_in

VALID_CODE = "91350100M000100Y43"  # the worked example of GB 32100-2015


def test_credit_code_check_character() -> None:
    assert normalize_credit_code(VALID_CODE) == VALID_CODE
    assert normalize_credit_code(" 91350100m000100y43 ") == VALID_CODE  # spaces, lower case
    assert normalize_credit_code("91350100M000100Y44") is None  # wrong check character
    assert normalize_credit_code("91350100M000100Y4") is None  # 17 characters
    assert normalize_credit_code("91350100M000100I43") is None  # I is not in the alphabet
    assert check_character("91320412MA1MXXXX0"[:17]) in "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _signed_in(api: Api, client: httpx.AsyncClient, fair_id: int) -> str:
    await organizer_sign_in(client, ADMIN_TOKEN)
    page = await client.get(f"/organizer/fairs/{fair_id}")
    assert page.status_code == 200
    return csrf_of(page.text)


def _passwords(html: str) -> dict[str, str]:
    """username → password of an issued-logins page."""
    pairs = re.findall(
        r'<code class="username">([^<]+)</code></td><td><code class="password">([^<]+)</code>', html
    )
    return dict(pairs)


async def test_an_excel_list_registers_every_firm_or_none(api: Api) -> None:
    fair_id = await make_fair(api)
    async with browser(api) as client:
        csrf = await _signed_in(api, client, fair_id)
        bad = _xlsx(
            [["企业名称", "展位号"], ["常州甲机械有限公司", "C01"], ["常州乙有限公司", "C01"]]
        )
        refused = await client.post(
            f"/organizer/fairs/{fair_id}/import",
            data={"csrf": csrf},
            files={"file": ("firms.xlsx", bad)},
        )
        assert refused.status_code == 422
        assert "第 3 行：展位 C01 在名单中出现两次" in refused.text
        assert "常州甲机械有限公司</td>" not in refused.text  # nothing was created
        good = _xlsx(
            [
                ["企业名称", "展位号", "行业", "联系电话"],
                ["常州甲机械有限公司", "C01", "装备制造", "13900001111"],
                ["常州乙电子有限公司", "C02", "电子", None],
            ]
        )
        imported = await client.post(
            f"/organizer/fairs/{fair_id}/import",
            data={"csrf": csrf},
            files={"file": ("firms.xlsx", good)},
        )
        assert imported.status_code == 200
        assert imported.headers["cache-control"] == "no-store"
        logins = _passwords(imported.text)
        assert len(logins) == 2
        username, password = next(iter(logins.items()))
        again = await client.post(
            f"/organizer/fairs/{fair_id}/import",
            data={"csrf": csrf},
            files={"file": ("firms.xlsx", good)},
        )
        assert "展位已被占用：C01、C02" in again.text
        not_excel = await client.post(
            f"/organizer/fairs/{fair_id}/import",
            data={"csrf": csrf},
            files={"file": ("firms.xlsx", b"name,booth\n")},
        )
        assert "请上传 .xlsx 文件" in not_excel.text
    login = await api.request(
        "POST", "/api/auth/login", json={"username": username, "password": password}
    )
    assert login.status_code == 200, login.text


async def test_a_firm_applies_to_join_and_the_organizer_approves_it(api: Api) -> None:
    fair_id = await make_fair(api)
    async with browser(api) as firm:
        form = await firm.get(f"/f/{fair_id}/join")
        fields = {
            "csrf": csrf_of(form.text),
            "name": "常州丙精工有限公司",
            "credit_code": VALID_CODE[:-1] + "4",
            "contact_name": "周经理",
            "contact_phone": "13800002222",
        }
        wrong = await firm.post(f"/f/{fair_id}/join", data=fields)
        assert wrong.status_code == 422
        assert "校验位" in wrong.text and 'value="常州丙精工有限公司"' in wrong.text
        sent = await firm.post(f"/f/{fair_id}/join", data=fields | {"credit_code": VALID_CODE})
        assert "报名已提交" in sent.text
    async with browser(api) as organizer:
        csrf = await _signed_in(api, organizer, fair_id)
        page = (await organizer.get(f"/organizer/fairs/{fair_id}")).text
        request_id = re.search(r'id="request-(\d+)"', page)
        assert request_id and VALID_CODE in page
        url = f"/organizer/fairs/{fair_id}/requests/{request_id.group(1)}"
        no_booth = await organizer.post(url, data={"csrf": csrf, "action": "approve"})
        assert no_booth.status_code == 409 and "请填写展位号" in no_booth.text
        approved = await organizer.post(
            url, data={"csrf": csrf, "action": "approve", "booth": "D9"}
        )
        ((username, password),) = _passwords(approved.text).items()
        twice = await organizer.post(url, data={"csrf": csrf, "action": "approve", "booth": "D10"})
        assert "该报名已处理" in twice.text
        firm_id = re.search(r'id="firm-(\d+)"', (await organizer.get(url.rsplit("/", 2)[0])).text)
        assert firm_id
        moved = await organizer.post(
            f"/organizer/fairs/{fair_id}/firms/{firm_id.group(1)}/booth",
            data={"csrf": csrf, "booth": "D1"},
        )
        assert moved.status_code == 303
        fair_page = (await organizer.get(f"/organizer/fairs/{fair_id}")).text
        assert re.search(rf'id="move-{firm_id.group(1)}" [^>]*value="D1"', fair_page)
        reset = await organizer.post(
            f"/organizer/fairs/{fair_id}/firms/{firm_id.group(1)}/password", data={"csrf": csrf}
        )
        ((same_user, new_password),) = _passwords(reset.text).items()
    assert same_user == username and new_password != password
    old = await api.request(
        "POST", "/api/auth/login", json={"username": username, "password": password}
    )
    assert old.status_code == 401
    new = await api.request(
        "POST", "/api/auth/login", json={"username": username, "password": new_password}
    )
    assert new.status_code == 200, new.text


async def test_a_new_organizer_account_gets_a_token_once_that_signs_in(api: Api) -> None:
    fair_id = await make_fair(api)
    async with browser(api) as client:
        csrf = await _signed_in(api, client, fair_id)
        created = await client.post(
            "/organizer/accounts", data={"csrf": csrf, "name": "武进人社局"}
        )
        assert created.headers["cache-control"] == "no-store"
        token = re.search(r'<code id="new-token">(fm_o_[^<]+)</code>', created.text)
        assert token and "武进人社局" in created.text
        listed = await client.get("/organizer/accounts")
        assert "武进人社局" in listed.text and token.group(1) not in listed.text  # shown once
    stats = await api.request("GET", f"/api/fairs/{fair_id}/stats", token=token.group(1))
    assert stats.status_code == 200
    async with browser(api) as stranger:
        refused = await stranger.get("/organizer/accounts", follow_redirects=False)
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/dashboard/login?next=/organizer")


async def test_a_fair_is_created_in_china_time_and_bad_hours_are_refused(api: Api) -> None:
    fair_id = await make_fair(api)
    async with browser(api) as client:
        csrf = await _signed_in(api, client, fair_id)
        fields = {"csrf": csrf, "name": "新北区春季招聘会", "venue": "新北人才市场"}
        backwards = await client.post(
            "/organizer/fairs",
            data=fields | {"starts_at": "2025-04-01T12:00", "ends_at": "2025-04-01T08:30"},
        )
        assert backwards.status_code == 422
        assert 'value="新北区春季招聘会"' in backwards.text  # nothing typed is lost
        assert 'aria-invalid="true" aria-describedby="nf-ends_at-error"' in backwards.text
        blank = await client.post("/organizer/fairs", data=fields | {"starts_at": ""})
        assert blank.status_code == 422 and 'id="nf-starts_at-error"' in blank.text
        created = await client.post(
            "/organizer/fairs",
            data=fields | {"starts_at": "2025-04-01T08:30", "ends_at": "2025-04-01T12:00"},
        )
        assert created.status_code == 303
    fair = await api.request("GET", created.headers["location"].replace("/organizer", "/api"))
    assert fair.json()["starts_at"] == "2025-04-01T00:30:00Z"  # 08:30 in Beijing
