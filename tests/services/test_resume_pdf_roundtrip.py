"""FairMatch's own résumé PDF, uploaded again, fills the form with every field it printed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from matcher.domain import Education, SkillLevel
from services.fairs.qr import find_cjk_font
from services.models import Resume
from services.resumes.pdf import render_resume_pdfs, resume_sheet
from services.resumes.upload_worker import read_upload_isolated
from services.resumes.uploads import PLATFORM_FIELDS, ResumeDraft, read_resume_upload
from tests.services.conftest import Api
from tests.support.pages import browser, csrf_of

pytestmark = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")


def _resume(resume_id: int = 7, **overrides: object) -> Resume:
    fields: dict[str, object] = {
        "id": resume_id,
        "name": "李小红",
        "phone": "13912345678",
        "education": Education.higher_vocational,
        "school": "常州机电职业技术学院",
        "major": "焊接技术与自动化",
        "skill_level": SkillLevel.senior,
        "certificates": ["熔化焊接与热切割作业证", "焊工职业技能等级证书"],
        "years_experience": 4.5,
        "experience": "2019–2024 常州天合：钢结构二氧化碳保护焊，带 3 人班组。\n夜班 2 年。",
        "skills": "氩弧焊 二保焊 识图",
        "desired_title": "电焊工",
        "desired_location": "武进区",
        "expected_salary": 9500,
    } | overrides
    return Resume(**fields)


EXPECTED = ResumeDraft(
    name="李小红",
    phone="13912345678",
    education=Education.higher_vocational,
    school="常州机电职业技术学院",
    major="焊接技术与自动化",
    skill_level=SkillLevel.senior,
    certificates=["熔化焊接与热切割作业证", "焊工职业技能等级证书"],
    years_experience=4.5,
    experience="2019–2024 常州天合：钢结构二氧化碳保护焊，带 3 人班组。\n夜班 2 年。",
    skills="氩弧焊 二保焊 识图",
    desired_title="电焊工",
    expected_salary=9500,
)


def test_every_field_comes_back_from_the_platforms_pdf() -> None:
    [pdf] = render_resume_pdfs([resume_sheet(_resume(), masked=False)])
    assert read_resume_upload(pdf) == EXPECTED


async def test_every_field_comes_back_through_the_isolated_reader() -> None:
    files = render_resume_pdfs(
        [
            resume_sheet(_resume(1, name="王建国", skill_level=None), masked=False),
            resume_sheet(_resume(2), masked=False),
        ]
    )
    first = await read_upload_isolated(files[0])
    assert first.name == "王建国" and first.skill_level is None
    assert await read_upload_isolated(files[1]) == EXPECTED


def test_a_masked_pdf_carries_only_what_it_shows() -> None:
    [pdf] = render_resume_pdfs([resume_sheet(_resume(), masked=True)])
    draft = read_resume_upload(pdf)
    assert draft.name != "李小红" and draft.name.startswith("李")
    assert draft.phone != "13912345678" and "*" in draft.phone
    assert b"13912345678" not in pdf and "13912345678" not in str(
        PdfReader(io.BytesIO(pdf)).metadata
    )


def test_broken_fields_fall_back_to_reading_the_text() -> None:
    [pdf] = render_resume_pdfs([resume_sheet(_resume(), masked=False)])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({PLATFORM_FIELDS: "[not, json"})
    buffer = io.BytesIO()
    writer.write(buffer)
    draft = read_resume_upload(buffer.getvalue())
    assert draft.phone == "13912345678"  # from the text, as for any other PDF
    writer.add_metadata({PLATFORM_FIELDS: '{"education": "astronaut", "certificates": 5}'})
    buffer = io.BytesIO()
    writer.write(buffer)
    odd = read_resume_upload(buffer.getvalue())
    assert odd.education is None and odd.certificates == [] and odd.name == ""


async def test_uploading_it_prefills_every_field_of_the_form(api: Api) -> None:
    [pdf] = render_resume_pdfs([resume_sheet(_resume(), masked=False)])
    async with browser(api) as phone:
        form = await phone.get("/resume")
        page = await phone.post(
            "/resume/upload",
            data={"csrf": csrf_of(form.text)},
            files={"file": ("简历.pdf", pdf, "application/pdf")},
        )
    assert page.status_code == 200
    for value in (
        'value="李小红"',
        'value="13912345678"',
        'value="常州机电职业技术学院"',
        'value="焊接技术与自动化"',
        'value="熔化焊接与热切割作业证、焊工职业技能等级证书"',
        'value="4.5"',
        'value="氩弧焊 二保焊 识图"',
        'value="电焊工"',
        'value="9500"',
        '<option value="higher_vocational" selected>',
        '<option value="senior" selected>',
        "夜班 2 年。</textarea>",
    ):
        assert value in page.text, value
