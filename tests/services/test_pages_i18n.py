"""The one translation mechanism: complete catalogs, language choice, every template key known."""

from __future__ import annotations

import re

import pytest

from frontend import TEMPLATE_DIR
from frontend.i18n import CATALOG, EN, ZH, bilingual, negotiate, t
from matcher.domain import SkillLevel


def test_every_entry_has_chinese_then_english() -> None:
    for key, (zh, en) in CATALOG.items():
        if key == "nav.switch":  # names the other language in that language
            assert (zh, en) == ("English", "中文")
            continue
        assert re.search(r"[\u4e00-\u9fff]", zh), key
        assert re.search(r"[A-Za-z]", en), key


def test_every_key_a_template_uses_exists() -> None:
    used: set[str] = set()
    for path in TEMPLATE_DIR.glob("*.html"):
        used |= set(re.findall(r"(?<![\w.])t\('([a-z_.]+[a-z])'", path.read_text(encoding="utf-8")))
    assert used and used <= CATALOG.keys(), used - CATALOG.keys()


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
