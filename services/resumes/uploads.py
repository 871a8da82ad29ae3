"""Uploaded résumé files (PDF, DOCX): checked, read and parsed into draft fields, never stored.

Everything here is CPU-bound and synchronous: routes run `read_resume_upload` in a separate
process with time and memory limits (services.resumes.upload_worker).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from matcher.parsing import extract_certificates, parse_education, parse_skill_level, parse_years
from services.errors import AppError
from services.schemas import strip_control_characters

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 10
MAX_DOCX_ENTRIES = 300
MAX_DOCX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_TEXT_CHARS = 20_000
MIN_TEXT_CHARS = 10
# The document-information key under which FairMatch's own résumé PDFs keep their fields.
PLATFORM_FIELDS = "/FairMatchResume"


class UploadProblem(StrEnum):
    """Why a file was refused; each names its bilingual message `upload.<value>`."""

    missing = "missing"
    too_large = "too_large"
    wrong_type = "wrong_type"
    too_many_pages = "too_many_pages"
    zip_bomb = "zip_bomb"
    unreadable = "unreadable"
    too_slow = "too_slow"
    no_text = "no_text"


_STATUS = {UploadProblem.too_large: 413, UploadProblem.wrong_type: 415}


class UploadRejected(AppError):
    """A résumé file we will not read, with the reason the seeker sees."""

    def __init__(self, problem: UploadProblem) -> None:
        super().__init__(bilingual(f"upload.{problem.value}"))
        self.problem = problem
        self.status_code = _STATUS.get(problem, 422)


class FileKind(StrEnum):
    pdf = "pdf"
    docx = "docx"


@dataclass(frozen=True, slots=True)
class ResumeDraft:
    """Fields read from a file, for the seeker to check in the form; nothing here is stored."""

    name: str = ""
    phone: str = ""
    education: Education | None = None
    school: str = ""
    major: str = ""
    skill_level: SkillLevel | None = None
    certificates: list[str] = field(default_factory=list)
    years_experience: float | None = None
    experience: str = ""
    skills: str = ""
    desired_title: str = ""
    expected_salary: int | None = None


def sniff_kind(data: bytes) -> FileKind:
    """The file's type by its magic bytes (the name and declared type are not trusted)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return FileKind.pdf
    if data.startswith(b"PK\x03\x04"):
        return FileKind.docx
    raise UploadRejected(UploadProblem.wrong_type)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected(UploadProblem.unreadable)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UploadRejected(UploadProblem.too_many_pages)
        parts: list[str] = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT_CHARS:
                break
        return "\n".join(parts)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UploadRejected(UploadProblem.unreadable) from exc


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse archives that would inflate far beyond their size (zip bombs) before reading them."""
    entries = archive.infolist()
    if len(entries) > MAX_DOCX_ENTRIES:
        raise UploadRejected(UploadProblem.zip_bomb)
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_DOCX_UNCOMPRESSED or (
            entry.file_size > 1_000_000 and ratio > MAX_DOCX_RATIO
        ):
            raise UploadRejected(UploadProblem.zip_bomb)
    if "word/document.xml" not in archive.namelist():
        raise UploadRejected(UploadProblem.wrong_type)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
        document = docx.Document(io.BytesIO(data))
    except UploadRejected:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise UploadRejected(UploadProblem.unreadable) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def extract_text(data: bytes) -> str:
    """The text of a PDF or DOCX résumé, after the size, type and structure checks."""
    if not data:
        raise UploadRejected(UploadProblem.missing)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(UploadProblem.too_large)
    kind = sniff_kind(data)
    text = _pdf_text(data) if kind is FileKind.pdf else _docx_text(data)
    text = strip_control_characters(text)[:MAX_TEXT_CHARS]
    if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS:
        raise UploadRejected(UploadProblem.no_text)
    return text


_SEP = r"\s*[:：]\s*"
_HEADINGS = (
    r"工作经历|工作经验|实习经历|教育经历|教育背景|专业技能|技能特长|职业技能|证书|资格证书|"
    r"自我评价|求职意向|个人信息|基本信息|项目经历|Work\s+Experience|Education|Skills|Certificates"
)
_HEADING_LINE = re.compile(rf"^\s*[【\[]?\s*(?:{_HEADINGS})\s*[】\]]?\s*[:：]?\s*$", re.I | re.M)
_EXPERIENCE_HEADING = re.compile(
    r"^\s*[【\[]?\s*(?:工作经历|工作经验|实习经历|Work\s+Experience)\s*[】\]]?\s*[:：]?\s*$",
    re.I | re.M,
)
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")


def _labelled(text: str, labels: str, *, word: bool = False) -> str:
    """The value after `label:` on one line; with word=True only up to the next space."""
    value = r"([^\s:：|，,；;]{1,50})" if word else r"([^\n]{1,200})"
    match = re.search(rf"(?:{labels}){_SEP}{value}", text, re.I)
    return match.group(1).strip() if match else ""


def _experience_section(text: str) -> str:
    start = _EXPERIENCE_HEADING.search(text)
    if start is None:
        return _labelled(text, r"工作经历|工作经验")
    rest = text[start.end() :]
    end = _HEADING_LINE.search(rest)
    return (rest[: end.start()] if end else rest).strip()[:5000]


def _salary(text: str) -> int | None:
    raw = _labelled(text, r"期望薪资|期望月薪|期望工资|Expected\s+salary", word=True)
    match = re.search(r"(\d{3,6})", raw.replace(",", ""))
    if match:
        return int(match.group(1))
    match = re.search(r"(\d{1,3}(?:\.\d)?)\s*[kK千]", raw)
    return int(float(match.group(1)) * 1000) if match else None


def parse_resume_text(text: str) -> ResumeDraft:
    """Chinese-aware extraction of 姓名/电话/学历/技能等级/证书/工作经历 from résumé text."""
    phone = _PHONE.search(text)
    education_line = _labelled(text, r"学\s*历|最高学历|Education")
    level_line = _labelled(text, r"技能等级|职业技能等级|职业资格|技术等级|Skill\s+level")
    experience = _experience_section(text)
    years_line = _labelled(text, r"工作年限|工龄|Years\s+of\s+experience")
    return ResumeDraft(
        name=_labelled(text, r"姓\s*名|Name", word=True)[:50],
        phone="".join(phone.groups()) if phone else "",
        education=parse_education(education_line) or parse_education(text),
        school=_labelled(text, r"毕业院校|毕业学校|学\s*校|School", word=True)[:100],
        major=_labelled(text, r"所学专业|专\s*业|Major", word=True)[:100],
        skill_level=parse_skill_level(level_line) or parse_skill_level(text),
        certificates=extract_certificates(text)[:20],
        years_experience=parse_years(years_line) if years_line else parse_years(experience),
        experience=experience,
        skills=_labelled(text, r"技能特长|专业技能|技\s*能|Skills")[:2000],
        desired_title=_labelled(
            text, r"求职意向|期望岗位|意向岗位|应聘岗位|Desired\s+job", word=True
        )[:100],
        expected_salary=_salary(text),
    )


def _text_field(fields: dict[str, Any], name: str, limit: int) -> str:
    value = fields.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _education(value: object) -> Education | None:
    return Education(value) if isinstance(value, str) and value in set(Education) else None


def _skill_level(value: object) -> SkillLevel | None:
    return SkillLevel(value) if isinstance(value, str) and value in set(SkillLevel) else None


def platform_draft(data: bytes) -> ResumeDraft | None:
    """Every field of a résumé PDF FairMatch made, read back from the file; None for others.

    Call it after extract_text accepted the file. The values only prefill the form the seeker
    checks, so a hand-edited file can do no more than typing would.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        metadata = PdfReader(io.BytesIO(data)).metadata
        raw = metadata.get(PLATFORM_FIELDS) if metadata is not None else None
        fields = json.loads(str(raw)[:MAX_TEXT_CHARS]) if raw is not None else None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    if not isinstance(fields, dict):
        return None
    years, salary = fields.get("years_experience"), fields.get("expected_salary")
    certificates = fields.get("certificates")
    return ResumeDraft(
        name=_text_field(fields, "name", 50),
        phone=_text_field(fields, "phone", 20),
        education=_education(fields.get("education")),
        school=_text_field(fields, "school", 100),
        major=_text_field(fields, "major", 100),
        skill_level=_skill_level(fields.get("skill_level")),
        certificates=[c[:50] for c in certificates if isinstance(c, str)][:20]
        if isinstance(certificates, list)
        else [],
        years_experience=float(years) if isinstance(years, int | float) else None,
        experience=_text_field(fields, "experience", 5000),
        skills=_text_field(fields, "skills", 2000),
        desired_title=_text_field(fields, "desired_title", 100),
        expected_salary=int(salary) if isinstance(salary, int) else None,
    )


def read_resume_upload(data: bytes) -> ResumeDraft:
    """Check, read and parse an uploaded résumé file; UploadRejected says why when it can't."""
    text = extract_text(data)
    if sniff_kind(data) is FileKind.pdf:
        draft = platform_draft(data)
        if draft is not None:
            return draft
    return parse_resume_text(text)
