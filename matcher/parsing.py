"""Structured fields from free Chinese/English text: skill level, years, education, certificates.

Every parser is total: garbage or empty input gives None (or []), never an exception.
"""

from __future__ import annotations

import re

from matcher.certificates import extract_certificates
from matcher.domain import Education, SkillLevel
from matcher.numerals import NUMERAL_CHARS, parse_numeral

__all__ = [
    "extract_certificates",
    "parse_education",
    "parse_firm_grade",
    "parse_skill_level",
    "parse_years",
]

_MAX_CHARS = 5000

# Longer names first: 高级技师 must win over 技师, 首席技师 over 技师.
_LEVEL_PATTERNS: tuple[tuple[SkillLevel, re.Pattern[str]], ...] = (
    (SkillLevel.chief_technician, re.compile(r"首席技师|chief\s+technician", re.I)),
    (SkillLevel.principal_technician, re.compile(r"特级技师|principal\s+technician", re.I)),
    (
        SkillLevel.senior_technician,
        re.compile(
            r"高级技师|(?<![一二三四五六七八九十\d])(?:一级|1级)(?!建造|消防|注册|结构|造价|甲|乙|安全|医院|企业|资质)"
            r"|senior\s+technician|level\s*(?:1|one|i)\b",
            re.I,
        ),
    ),
    (
        SkillLevel.technician,
        re.compile(
            r"(?<!高级|特级|首席|预备)技师(?!学院|学校|班)"
            r"|(?<![一二三四五六七八九十\d])(?:二级|2级)(?!建造|消防|注册|结构|造价|甲|乙|安全|医院|企业|资质)"
            r"|(?<!senior\s)(?<!chief\s)(?<!principal\s)\btechnician\b|level\s*(?:2|two|ii)\b",
            re.I,
        ),
    ),
    (
        SkillLevel.senior,
        re.compile(
            r"(?<=[工员])[（(]?高级(?!工程|职称|管理)|高级工(?!程)|高级[\u4e00-\u9fff]{1,5}?工(?!程|作|艺|资|厂)(?:证|证书)?|高级(?:职业)?(?:技能|资格)?证"
            r"|(?<![一二三四五六七八九十\d])(?:三级|3级)(?!甲|乙|医院|安全|企业|资质|建造)"
            r"|senior\s+(?:worker|welder|electrician|machinist|fitter|operator)|level\s*(?:3|three|iii)\b",
            re.I,
        ),
    ),
    (
        SkillLevel.intermediate,
        re.compile(
            r"(?<=[工员])[（(]?中级(?!工程|职称|管理)|中级工(?!程)|中级[\u4e00-\u9fff]{1,5}?工(?!程|作|艺|资|厂)(?:证|证书)?|中级(?:职业)?(?:技能|资格)?证"
            r"|(?<![一二三四五六七八九十\d])(?:四级|4级)(?!甲|乙|英语|医院)"
            r"|intermediate|level\s*(?:4|four|iv)\b",
            re.I,
        ),
    ),
    (
        SkillLevel.junior,
        re.compile(
            r"(?<=[工员])[（(]?初级(?!工程|职称|管理)|初级工(?!程)|初级[\u4e00-\u9fff]{1,5}?工(?!程|作|艺|资|厂)(?:证|证书)?|初级(?:职业)?(?:技能|资格)?证"
            r"|(?<![一二三四五六七八九十\d])(?:五级|5级)(?!甲|乙)"
            r"|junior\s+(?:worker|welder|electrician|machinist|fitter|operator)|level\s*(?:5|five|v)\b",
            re.I,
        ),
    ),
    (SkillLevel.apprentice, re.compile(r"学徒|apprentice", re.I)),
)


def parse_skill_level(text: str) -> SkillLevel | None:
    """The highest national skill level named in the text (高级工 → senior, 技师 → technician)."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:_MAX_CHARS]
    found = [level for level, pattern in _LEVEL_PATTERNS if pattern.search(text)]
    return max(found, key=lambda lv: lv.rank) if found else None


# Shop-floor names firms use for grades below the certified ladder. Letter and number grades
# ("T3", "技术员A级", "P6") differ from firm to firm: no guess, the firm or organizer maps them.
_FIRM_GRADE_PATTERNS: tuple[tuple[SkillLevel, re.Pattern[str]], ...] = (
    (SkillLevel.junior, re.compile(r"熟练工|熟手|skilled\s+worker", re.I)),
    (SkillLevel.apprentice, re.compile(r"普工|新手|trainee|helper", re.I)),
)


def parse_firm_grade(name: str) -> SkillLevel | None:
    """The parser's guess of the national level of a firm's own grade name ("高级技工" → senior,
    "二级技师" → technician, "熟练工" → junior); None when the name says nothing ("T3")."""
    level = parse_skill_level(name)
    if level is not None or not isinstance(name, str):
        return level
    return next((lv for lv, pattern in _FIRM_GRADE_PATTERNS if pattern.search(name)), None)


_YEAR_NUM = rf"[{NUMERAL_CHARS}]+"
_YEARS_RE = re.compile(
    rf"(?P<num>{_YEAR_NUM})\s*(?:[-~至到]\s*{_YEAR_NUM}\s*)?"
    rf"(?P<unit>年半|年(?!薪|龄|级|底|初|终|度|内毕业)|个?月|\s*\+?\s*(?:years?|yrs?)\b|\s*months?\b)",
    re.I,
)
_HALF_YEAR_RE = re.compile(r"(?<![0-9一二两三四五六七八九十])半年")
_NO_EXPERIENCE_RE = re.compile(r"应届|无经验|经验不限|no\s+experience|fresh\s+graduate", re.I)


def parse_years(text: str) -> float | None:
    """Years of experience in the text ("三年数控经验" → 3, "半年" → 0.5, "5年以上" → 5)."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:_MAX_CHARS]
    values: list[float] = []
    for match in _YEARS_RE.finditer(text):
        number = parse_numeral(match["num"])
        if number is None:
            continue
        unit = match["unit"].strip().lower()
        if unit.startswith(("月", "个", "month")):
            number /= 12.0
        elif unit == "年半":
            number += 0.5
        if 0 < number <= 60:  # calendar years like 2019年 are not durations
            values.append(round(number, 2))
    if _HALF_YEAR_RE.search(text):
        values.append(0.5)
    if values:
        return max(values)
    return 0.0 if _NO_EXPERIENCE_RE.search(text) else None


_EDUCATION_PATTERNS: tuple[tuple[Education, re.Pattern[str]], ...] = (
    (Education.doctorate, re.compile(r"博士|ph\.?\s?d|doctora", re.I)),
    (Education.master, re.compile(r"硕士|研究生|master|mba\b|m\.\s?sc|msc\b", re.I)),
    (Education.bachelor, re.compile(r"本科|学士|专升本|bachelor|b\.\s?sc|undergraduate", re.I)),
    (
        Education.higher_vocational,
        re.compile(
            r"大专|高职|专科|高等职业|职业技术学院|预备技师|"
            r"associate|junior\s+college|higher\s+vocational|college\s+diploma",
            re.I,
        ),
    ),
    (Education.high_school, re.compile(r"(?<!职业)高中|普高|high\s+school", re.I)),
    (
        Education.secondary_vocational,
        re.compile(
            r"中专|中职|技校|技工学校|职高|职业高中|技师学院|中等职业|"
            r"secondary\s+vocational|vocational\s+school|technical\s+school",
            re.I,
        ),
    ),
    (Education.junior_high, re.compile(r"初中|junior\s+high|middle\s+school", re.I)),
)


def parse_education(text: str) -> Education | None:
    """The highest education named in the text (中专 → secondary_vocational, 大专 → higher)."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:_MAX_CHARS]
    found = [edu for edu, pattern in _EDUCATION_PATTERNS if pattern.search(text)]
    # "junior high" also contains "high school"-like words only in English; prefer the explicit one.
    if Education.junior_high in found and re.search(r"junior\s+high", text, re.I):
        found = [e for e in found if e is not Education.high_school]
    return max(found, key=lambda e: e.rank) if found else None
