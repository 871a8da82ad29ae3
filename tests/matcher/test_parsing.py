from __future__ import annotations

import pytest

from matcher.certificates import certificate_satisfies, normalize_certificates
from matcher.domain import Education, SkillLevel
from matcher.parsing import extract_certificates, parse_education, parse_skill_level, parse_years

GARBAGE = ["", "   ", "@@##￥%", "\x00\x01", "a" * 20000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("持高级工证书", SkillLevel.senior),
        ("技师", SkillLevel.technician),
        ("钳工技师，十年经验", SkillLevel.technician),
        ("四级", SkillLevel.intermediate),
        ("职业技能等级二级", SkillLevel.technician),
        ("高级技师", SkillLevel.senior_technician),
        ("首席技师", SkillLevel.chief_technician),
        ("特级技师", SkillLevel.principal_technician),
        ("level 3", SkillLevel.senior),
        ("senior worker", SkillLevel.senior),
        ("持高级电焊工证", SkillLevel.senior),
        ("电工中级", SkillLevel.intermediate),
        ("初级工", SkillLevel.junior),
        ("学徒", SkillLevel.apprentice),
        ("高级工，正在考技师", SkillLevel.technician),
    ],
)
def test_parse_skill_level(text: str, expected: SkillLevel) -> None:
    assert parse_skill_level(text) is expected


@pytest.mark.parametrize("text", ["高级工程师", "技师学院毕业", "一级建造师", "大专", *GARBAGE])
def test_parse_skill_level_ignores_lookalikes_and_garbage(text: str) -> None:
    assert parse_skill_level(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三年数控经验", 3.0),
        ("5年以上", 5.0),
        ("半年", 0.5),
        ("十二年", 12.0),
        ("二十年焊接经验", 20.0),
        ("3 years", 3.0),
        ("12 yrs experience", 12.0),
        ("一年半", 1.5),
        ("两年", 2.0),
        ("6个月", 0.5),
        ("3-5年", 3.0),
        ("经验不限", 0.0),
    ],
)
def test_parse_years(text: str, expected: float) -> None:
    assert parse_years(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["2019年毕业", "年薪10万", *GARBAGE])
def test_parse_years_none(text: str) -> None:
    assert parse_years(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中专", Education.secondary_vocational),
        ("中职", Education.secondary_vocational),
        ("技校毕业", Education.secondary_vocational),
        ("大专", Education.higher_vocational),
        ("高职", Education.higher_vocational),
        ("本科", Education.bachelor),
        ("硕士", Education.master),
        ("研究生", Education.master),
        ("初中", Education.junior_high),
        ("高中", Education.high_school),
        ("High school", Education.high_school),
        ("junior high school", Education.junior_high),
        ("Bachelor of Engineering", Education.bachelor),
        ("中专毕业后自考大专", Education.higher_vocational),
    ],
)
def test_parse_education(text: str, expected: Education) -> None:
    assert parse_education(text) is expected


@pytest.mark.parametrize("text", GARBAGE)
def test_parse_education_garbage(text: str) -> None:
    assert parse_education(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("持电工证", ["低压电工作业证"]),
        ("特种作业操作证（电工）", ["低压电工作业证"]),
        ("焊工证", ["熔化焊接与热切割作业证"]),
        ("登高证 起重证", ["高处作业证", "起重机械作业证"]),
        ("叉车证N1", ["叉车证（N1）"]),
        ("车工（三级）职业技能等级证书", ["车工职业技能等级证书（高级工）"]),
        ("数控车工高级证书", ["车工职业技能等级证书（高级工）"]),
        ("1+X 工业机器人操作与运维职业技能等级证书（中级）", ["1+X 工业机器人操作与运维"]),
        ("AutoCAD中级证书，西门子PLC认证", ["CAD证书", "西门子PLC认证"]),
        ("C1驾照", ["C1驾驶证"]),
        ("电工证、低压电工作业证", ["低压电工作业证"]),
    ],
)
def test_extract_certificates(text: str, expected: list[str]) -> None:
    assert extract_certificates(text) == expected


def test_official_skill_certificate_names_take_the_canonical_form() -> None:
    assert normalize_certificates(
        [
            "焊工职业技能等级证书（四级/中级工）",
            "数控车工职业技能等级证书(三级/高级工)",
            "铁路机车车辆制动钳工职业技能等级证书(五级/初级工)",  # not the 钳工 trade
            "电工职业技能等级证书",
            "焊工证",
        ]
    ) == [
        "焊工职业技能等级证书（中级工）",
        "车工职业技能等级证书（高级工）",
        "铁路机车车辆制动钳工职业技能等级证书（初级工）",
        "电工职业技能等级证书",
        "熔化焊接与热切割作业证",
    ]


@pytest.mark.parametrize(
    ("held", "required", "satisfied"),
    [  # official names as written (三级/高级工), brackets full-width or not, trades known or not
        ("冲压工职业技能等级证书(三级/高级工)", "冲压工职业技能等级证书(四级/中级工)", True),
        ("冲压工职业技能等级证书(四级/中级工)", "冲压工职业技能等级证书(三级/高级工)", False),
        ("炼钢工职业技能等级证书(三级/高级工)", "炼钢工职业技能等级证书（四级/中级工）", True),
        ("炼钢工职业技能等级证书（四级/中级工）", "炼钢工职业技能等级证书(二级/技师)", False),
        ("炼钢工职业技能等级证书(三级/高级工)", "金属轧制工职业技能等级证书(四级/中级工)", False),
        ("焊工职业技能等级证书（三级/高级工）", "焊工职业技能等级证书（四级/中级工）", True),
    ],
)
def test_a_higher_skill_certificate_of_the_trade_satisfies(
    held: str, required: str, satisfied: bool
) -> None:
    [h], [r] = normalize_certificates([held]), normalize_certificates([required])
    assert certificate_satisfies(h, r) is satisfied


def test_skill_certificate_not_mistaken_for_permit() -> None:
    assert extract_certificates("持电工证、高级焊工证，叉车证N1") == [
        "低压电工作业证",
        "焊工职业技能等级证书（高级工）",
        "叉车证（N1）",
    ]


@pytest.mark.parametrize("text", ["熟悉CAD", *GARBAGE])
def test_extract_certificates_none(text: str) -> None:
    assert extract_certificates(text) == []
