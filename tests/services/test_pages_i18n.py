"""Language choice and parameters (the catalogs themselves: tests/frontend/test_i18n.py)."""

from __future__ import annotations

import pytest

from frontend.i18n import EN, ZH, bilingual, negotiate, t
from matcher.domain import SkillLevel


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ("en", "zh-CN", "zh", EN),
        (None, "en", "zh-CN", EN),
        (None, None, "en-GB,en;q=0.8", EN),
        (None, None, "fr-FR, zh;q=0.5, en;q=0.3", ZH),
        (None, None, None, ZH),
        ("xx", None, "de", ZH),
    ],
)
def test_language_is_query_then_cookie_then_header(
    query: str | None, cookie: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(query=query, cookie=cookie, accept_language=header) == expected


def test_parameters_and_bilingual_messages() -> None:
    assert t("jobs.count", ZH, n=3) == "共 3 个岗位"
    assert t("jobs.count", EN, n=3) == "3 jobs"
    assert bilingual("upload.wrong_type").startswith("只支持 PDF")
    assert SkillLevel.senior.label_zh == "高级工(三级)"
