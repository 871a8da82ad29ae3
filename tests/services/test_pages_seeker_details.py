"""Details a seeker sees at a fair: separate sharing consent, marked recommendations, the way on
after deleting, plurals, the icon, the meta description and legible orange."""

from __future__ import annotations

import re

from sqlalchemy import select

from frontend import STATIC_DIR
from services.models import Resume
from services.resumes.pages import FORM_FIELDS
from tests.services.conftest import Api
from tests.services.test_pages_seeker import _new_seeker, resume_form
from tests.support.pages import browser, card_titles, csrf_of, small_fair


async def test_sharing_with_other_firms_is_a_separate_unticked_choice(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        form = await phone.get(f"/resume?job={fair.welder['id']}")
        share = re.search(r'<input id="f-open_to_recommendations"[^>]*>', form.text)
        assert share is not None and "checked" not in share.group(0)
        assert "另行同意（可不勾选，不影响投递）" in form.text
        data = resume_form(csrf_of(form.text), job=str(fair.welder["id"]))
        del data["open_to_recommendations"]  # an unticked box is not posted
        saved = await phone.post("/resume", data=data)
    assert saved.status_code == 303 and "open_to_recommendations" in FORM_FIELDS
    async with api.runtime.sessions() as session:
        resume = await session.scalar(select(Resume))
    assert resume is not None and resume.open_to_recommendations is False


async def test_recommendations_mark_applied_jobs_and_offer_one_tap_apply(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"], desired_title="电焊工")  # applies to it
        await api.settle()
        page = await phone.get("/me/recommendations")
        titles = card_titles(page.text)
        assert titles[-1] == "电焊工" and "数控车工" in titles  # the applied job comes last
        assert page.text.count('<span class="tag ok">已投递</span>') == 1
        lathe = f'action="/jobs/{fair.lathe["id"]}/apply"'
        assert lathe in page.text and f'action="/jobs/{fair.welder["id"]}/apply"' not in page.text
        applied = await phone.post(
            f"/jobs/{fair.lathe['id']}/apply",
            data={"csrf": csrf_of(page.text)},
            follow_redirects=True,
        )
        again = await phone.get("/me/recommendations")
    assert "投递成功" in applied.text
    assert again.text.count('<span class="tag ok">已投递</span>') == 2
    assert "/apply" not in again.text


async def test_the_deleted_page_has_a_way_onward(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"])
        confirm = await phone.get("/me/delete")
        done = await phone.post("/me/delete", data={"csrf": csrf_of(confirm.text)})
    assert '<a class="button primary" href="/f">继续浏览岗位</a>' in done.text
    assert 'href="/resume"' in done.text


async def test_one_opening_is_singular_in_english(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        booth = await phone.get(f"/f/{fair.fair_id}/b/{fair.enterprise['id']}?lang=en&q=车工")
        job = await phone.get(f"/jobs/{fair.welder['id']}?lang=en")
    assert "1 job<" in booth.text and "1 jobs" not in booth.text
    assert "3 openings" in job.text


async def test_icon_and_meta_description(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        icon = await phone.get("/favicon.ico")
        job = await phone.get(f"/jobs/{fair.welder['id']}")
        fair_page = await phone.get(f"/f/{fair.fair_id}")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    described = re.search(r'<meta name="description" content="([^"]+)">', job.text)
    assert described is not None and "电焊工" in described.group(1)
    assert "8,000–12,000" in described.group(1)
    assert '<meta name="description" content="常州技能人才招聘会' in fair_page.text


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_orange_salary_text_and_primary_buttons_reach_4_5_to_1() -> None:
    css = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"^([^{}\n]+?)\s*\{([^}]*)\}", css, flags=re.MULTILINE))

    def colour(selector: str, prop: str) -> str:
        found = re.search(rf"(?:^|[;\s]){prop}:\s*#([0-9a-fA-F]{{3,6}})\b", rules[selector])
        assert found, (selector, prop)
        digits = found.group(1)
        return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))

    page = colour("body", "background")
    card = colour(".card", "background")
    salary = colour(".salary", "color")
    assert contrast(salary, page) >= 4.5 and contrast(salary, card) >= 4.5
    assert contrast("#ffffff", colour(".primary", "background")) >= 4.5
    assert contrast("#d9480f", "#ffffff") < 4.5  # the old orange, which failed
