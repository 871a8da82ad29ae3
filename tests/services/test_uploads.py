"""Résumé uploads: real PDF and DOCX files read into draft fields; hostile files refused clearly."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from fpdf import FPDF

from matcher.domain import Education, SkillLevel
from services.fairs.qr import find_cjk_font
from services.resumes import uploads
from services.resumes.uploads import UploadProblem, UploadRejected, read_resume_upload
from tests.services.conftest import Api
from tests.support.pages import browser, csrf_of

RESUME_LINES = (
    "个人简历",
    "姓名：张伟  电话：138-1234-5678",
    "学历：大专  毕业院校：常州机电职业技术学院  专业：机电一体化",
    "技能等级：高级工",
    "证书：电工证、焊工证、叉车证",
    "求职意向：设备维修电工",
    "期望薪资：8000元",
    "工作经历",
    "2019-2024 常州某汽车零部件公司 设备维修，工作5年，负责PLC调试与电气维修。",
    "自我评价",
    "吃苦耐劳。",
)

needs_cjk_font = pytest.mark.skipif(
    find_cjk_font() is None, reason="no CJK font: apt-get install fonts-wqy-microhei"
)


def chinese_pdf(lines: tuple[str, ...] = RESUME_LINES) -> bytes:
    font = find_cjk_font()
    assert font is not None
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page is a picture (as a phone scan would be): no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def chinese_docx() -> bytes:
    document = docx.Document()
    for line in RESUME_LINES[:7]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "工作年限："
    table.rows[0].cells[1].text = "三年"
    document.add_paragraph("工作经历")
    document.add_paragraph("三年数控车床操作，熟悉FANUC系统。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bomb() -> bytes:
    """A small .docx whose document.xml inflates to 60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 60_000_000)
    return buffer.getvalue()


@needs_cjk_font
def test_chinese_pdf_prefills_the_fields() -> None:
    draft = read_resume_upload(chinese_pdf())
    assert draft.name == "张伟"
    assert draft.phone == "13812345678"
    assert draft.education is Education.higher_vocational
    assert draft.school == "常州机电职业技术学院"
    assert draft.major == "机电一体化"
    assert draft.skill_level is SkillLevel.senior
    assert "低压电工作业证" in draft.certificates and "叉车证（N1）" in draft.certificates
    assert draft.desired_title == "设备维修电工"
    assert draft.expected_salary == 8000
    assert draft.years_experience == 5
    assert "PLC调试" in draft.experience and "吃苦耐劳" not in draft.experience


def test_chinese_docx_prefills_the_fields() -> None:
    draft = read_resume_upload(chinese_docx())
    assert draft.name == "张伟"
    assert draft.phone == "13812345678"
    assert draft.education is Education.higher_vocational
    assert draft.skill_level is SkillLevel.senior
    assert draft.years_experience == 3
    assert "FANUC" in draft.experience


@pytest.mark.parametrize(
    ("data", "problem", "status"),
    [
        pytest.param(b"MZ\x90\x00" + b"\x00" * 4000, UploadProblem.wrong_type, 415, id="exe"),
        pytest.param(
            b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), UploadProblem.too_large, 413, id="big"
        ),
        pytest.param(b"", UploadProblem.missing, 422, id="empty"),
        pytest.param(b"%PDF-1.4\n garbage", UploadProblem.unreadable, 422, id="broken-pdf"),
    ],
)
def test_bad_files_are_refused_with_a_bilingual_reason(
    data: bytes, problem: UploadProblem, status: int
) -> None:
    with pytest.raises(UploadRejected) as caught:
        read_resume_upload(data)
    assert caught.value.problem is problem
    assert caught.value.status_code == status
    zh, _, en = caught.value.message.partition(" / ")
    assert zh and en.isascii()


def test_scanned_pdf_without_text_is_refused_not_invented() -> None:
    with pytest.raises(UploadRejected) as caught:
        read_resume_upload(scanned_pdf())
    assert caught.value.problem is UploadProblem.no_text


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    bomb = docx_bomb()
    assert len(bomb) < 200_000
    with pytest.raises(UploadRejected) as caught:
        read_resume_upload(bomb)
    assert caught.value.problem is UploadProblem.zip_bomb


@needs_cjk_font
def test_pdf_with_too_many_pages_is_refused() -> None:
    with pytest.raises(UploadRejected) as caught:
        read_resume_upload(chinese_pdf(("简历内容很多很多很多\n" * 40,) * 12))
    assert caught.value.problem is UploadProblem.too_many_pages


def test_type_is_decided_by_content_not_name() -> None:
    assert uploads.sniff_kind(chinese_docx()) is uploads.FileKind.docx
    with pytest.raises(UploadRejected):
        uploads.sniff_kind(b"GIF89a")


async def _upload(api: Api, name: str, data: bytes, lang: str = "") -> tuple[int, str]:
    async with browser(api) as phone:
        form = await phone.get("/resume" + lang)
        response = await phone.post(
            "/resume/upload" + lang,
            data={"csrf": csrf_of(form.text)},
            files={"file": (name, data, "application/octet-stream")},
        )
    return response.status_code, response.text


@needs_cjk_font
async def test_upload_page_prefills_the_form_and_stores_nothing(api: Api) -> None:
    status, html = await _upload(api, "简历.pdf", chinese_pdf())
    assert status == 200
    assert 'value="张伟"' in html and 'value="13812345678"' in html
    assert '<option value="senior" selected>' in html
    assert "提交前不会保存任何内容" in html
    mine = await api.request("GET", "/me")
    assert "你还没有简历" in mine.text


async def test_upload_page_explains_refusals_in_both_languages(api: Api) -> None:
    status, html = await _upload(api, "resume.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert status == 415 and "只支持 PDF 或 Word" in html
    status, html = await _upload(api, "resume.docx", docx_bomb(), lang="?lang=en")
    assert status == 422 and "The Word file looks malformed" in html
    status, html = await _upload(api, "scan.pdf", scanned_pdf())
    assert status == 422 and "可能是扫描件" in html


async def test_upload_over_the_limit_gets_413(api: Api) -> None:
    status, html = await _upload(api, "big.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    assert status == 413 and "文件超过 5 MB" in html
    status, text = await _upload(api, "huge.pdf", b"%PDF-1.7\n" + b"0" * (7 * 1024 * 1024))
    assert status == 413 and "Request body too large" in text


async def test_a_read_file_does_not_tick_sharing_with_other_firms(api: Api) -> None:
    """Sharing with firms not applied to is a separate opt-in (PIPL art. 23): a résumé file
    fills the fields, never the consent boxes."""
    status, html = await _upload(api, "简历.docx", chinese_docx())
    assert status == 200 and 'value="张伟"' in html
    assert 'id="f-open_to_recommendations"' in html and 'id="f-consent"' in html
    for box in ("open_to_recommendations", "share_with_school", "consent"):
        assert f'name="{box}" type="checkbox" value="on" checked' not in html
