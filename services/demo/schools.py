"""Schools with accounts and training providers in the demo: whose students share their outcomes."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from matcher.domain import Education
from services.demo.records import DemoFair, DemoProvider, DemoSchool
from services.demo.sampling import seeded

# Vocational schools of the demo's résumés that have a school account (about a third of the
# vocational students come from them); most of their students agree to share with the school.
SCHOOL_NAMES = (
    "常州技师学院",
    "常州机电职业技术学院",
    "江苏省武进中等专业学校",
    "常州工业职业技术学院",
    "常州市高级职业技术学校",
)
SHARE_RATE = 0.9
VOCATIONAL = {Education.secondary_vocational, Education.higher_vocational}

DEMO_PROVIDERS: tuple[DemoProvider, ...] = (
    DemoProvider(
        "常州市职业技能公共实训中心 / Changzhou Public Vocational Training Centre",
        "常州市武进区常武中路18号",
        "051986000001",
        ("焊工（四级/中级工）", "电工（四级/中级工）", "数控车工（三级/高级工）"),
        ("熔化焊接与热切割作业证", "低压电工作业证", "焊工职业技能等级证书(四级/中级工)"),
    ),
    DemoProvider(
        "常州武进区技工培训学校 / Wujin Skilled Worker Training School",
        "常州市武进区湖塘镇人民中路66号",
        "051986000002",
        ("叉车司机", "桥门式起重机司机", "登高架设"),
        ("叉车司机证(N1)", "桥门式起重机司机证(Q2)", "登高架设作业证"),
    ),
    DemoProvider(
        "新北区智能制造培训基地 / Xinbei Smart Manufacturing Training Base",
        "常州市新北区河海东路9号",
        "051985000003",
        ("工业机器人系统操作员", "电工（三级/高级工）", "危险化学品安全作业"),
        ("低压电工作业证", "高压电工作业证", "危险化学品安全作业证"),
    ),
)


def demo_schools(fairs: list[DemoFair]) -> list[DemoSchool]:
    """The schools with accounts: the majors their students list and the occupations they seek."""
    schools = []
    for name in SCHOOL_NAMES:
        students = [r for fair in fairs for r in fair.resumes if r.school == name]
        majors = sorted({r.major for r in students if r.major})
        codes = Counter(r.true_occupation_code for r in students)
        schools.append(
            DemoSchool(name, tuple(majors), tuple(sorted(c for c, _ in codes.most_common(10))))
        )
    return schools


def mark_school_students(
    fairs: list[DemoFair], schools: list[DemoSchool], seed: int
) -> list[DemoFair]:
    """Vocational students of those schools: most agree to share their outcomes with the school."""
    names = {school.name for school in schools}
    rng = seeded(seed, "schools")
    marked = []
    for fair in fairs:
        resumes = [
            replace(r, share_with_school=rng.random() < SHARE_RATE)
            if r.school in names and r.education in VOCATIONAL
            else r
            for r in fair.resumes
        ]
        marked.append(replace(fair, resumes=resumes))
    return marked
