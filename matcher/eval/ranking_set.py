"""Build matcher/data/eval/ranking_dev.json: 20 postings × 30 graded résumés (run once; seeded).

Run `python -m matcher.eval.ranking_set` to regenerate. The grades come from the labelling rule in
LABELLING_RULE, applied to each résumé's TRUE trade; the profile handed to the matcher carries only
what a real pipeline would know: an occupation code from the classifier on the (slangy) desired
title, sometimes missing, and free-text skills.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from matcher.certificates import certificate_satisfies
from matcher.csco import shared_depth
from matcher.domain import SkillLevel
from matcher.occupations import OccupationClassifier

LABELLING_RULE = (
    "grade by the résumé's true trade vs the posting's occupation: same occupation → 3 if it meets "
    "the required skill level AND holds every required certificate, 2 if it meets exactly one of "
    "the two, 1 if neither; same minor group (3 shared code segments) → 2 if it meets both, "
    "else 1; "
    "same middle group → 1 if it meets both, else 0; anything else → 0. 'Meets level' means "
    "no level is required or the résumé's level rank ≥ the required rank (an unknown level "
    "does not meet)."
)

# code, desired-title variants, skill phrases, certificates of the trade, level required by postings
TRADES: dict[str, tuple[str, list[str], list[str], list[str], str | None]] = {
    "lathe": (
        "6-18-01-01",
        ["数控车工", "CNC车工", "车床师傅", "数车操作工"],
        [
            "熟悉FANUC系统，能看懂图纸",
            "会手工编程，熟练使用千分尺、游标卡尺",
            "数控车床调机，批量轴类件加工",
        ],
        ["车工职业技能等级证书（高级工）"],
        "senior",
    ),
    "machining_center": (
        "6-18-01-07",
        ["加工中心操作工", "立加操机", "CNC操机师傅"],
        ["三菱、发那科系统加工中心操作", "UG编程，四轴加工", "会对刀换刀，看图纸"],
        [],
        "intermediate",
    ),
    "welder": (
        "6-18-02-04",
        ["电焊工", "二保焊工", "氩弧焊师傅"],
        ["二保焊、氩弧焊，碳钢不锈钢焊接", "能看焊接图纸，单面焊双面成型", "气割下料"],
        ["熔化焊接与热切割作业证"],
        "intermediate",
    ),
    "electrician": (
        "6-31-01-03",
        ["维修电工", "设备电工", "厂区电工"],
        ["低压配电、电机控制线路维修", "变频器调试，有PLC基础", "看懂电气原理图"],
        ["低压电工作业证"],
        "senior",
    ),
    "maintenance": (
        "6-31-01-10",
        ["设备维修工", "机修工", "机电维修"],
        ["设备保养点检，气动液压维修", "冲压线、注塑机维修", "机械传动故障排除"],
        ["低压电工作业证"],
        "intermediate",
    ),
    "mold": (
        "6-18-04-01",
        ["模具钳工", "修模师傅", "冲压模具工"],
        ["冲压模具维修、飞模、试模", "注塑模具保养", "熟悉磨床、铣床"],
        [],
        "senior",
    ),
    "injection": (
        "6-14-02-00",
        ["注塑机调机", "注塑技术员", "注塑操作工"],
        ["海天、震雄注塑机调机", "处理缩水、披锋等不良", "换模、上下模"],
        [],
        "intermediate",
    ),
    "plc": (
        "2-02-07-07",
        ["PLC工程师", "电气自动化工程师", "自动化调试"],
        ["西门子S7-1200/1500编程", "触摸屏组态、伺服调试", "非标自动化设备电气调试"],
        ["西门子PLC认证"],
        None,
    ),
    "qc": (
        "6-31-03-05",
        ["质检员", "QC", "品检员"],
        ["首件检验、巡检", "熟练使用卡尺、千分尺、高度尺", "填写检验报告，了解ISO9001"],
        [],
        None,
    ),
    "forklift": (
        "6-30-05-01",
        ["叉车司机", "叉车工"],
        ["电动叉车、内燃叉车驾驶", "仓库装卸货"],
        ["叉车证（N1）"],
        None,
    ),
    "warehouse": (
        "4-02-06-01",
        ["仓管员", "仓库管理员"],
        ["出入库管理、ERP操作", "盘点、物料收发"],
        [],
        None,
    ),
    "fitter": (
        "6-20-01-01",
        ["装配钳工", "机械装配工"],
        ["按图纸装配减速机", "钳工划线、攻丝", "机械总装调试"],
        [],
        "intermediate",
    ),
    "painter": ("6-18-03-03", ["喷漆工", "喷涂工"], ["静电喷涂、喷粉", "调漆、打磨"], [], None),
    "stamping": (
        "6-18-01-12",
        ["冲压工", "折弯工", "钣金工"],
        ["数控折弯机操作", "冲床换模", "钣金展开"],
        [],
        None,
    ),
    "robot": (
        "6-31-07-03",
        ["工业机器人操作员", "焊接机器人操作"],
        ["发那科、ABB机器人示教编程", "机器人工作站日常点检"],
        ["1+X 工业机器人操作与运维"],
        "intermediate",
    ),
    "battery": (
        "6-24-04-00",
        ["锂电池操作工", "电芯装配工"],
        ["卷绕、叠片工序操作", "涂布机操作、极片分切"],
        [],
        None,
    ),
    "pv": (
        "6-24-02-04",
        ["光伏组件操作工", "串焊机操作员"],
        ["串焊、层压、EL检测", "组件装框"],
        [],
        None,
    ),
    "smt": (
        "6-25-04-07",
        ["SMT操作员", "贴片机技术员"],
        ["贴片机上料、换线", "回流焊炉温监控，AOI"],
        [],
        None,
    ),
    "designer": (
        "2-02-07-01",
        ["机械设计工程师", "非标机械设计"],
        ["SolidWorks三维建模，AutoCAD出图", "非标设备结构设计，公差配合"],
        ["CAD证书"],
        None,
    ),
    "process": (
        "2-02-30-01",
        ["工艺工程师", "IE工程师"],
        ["编制作业指导书、工艺流程", "精益生产、产线平衡"],
        [],
        None,
    ),
    "miller": (
        "6-18-01-02",
        ["铣工", "数控铣床操作员"],
        ["普通铣床、数控铣床操作", "看图纸加工平面、键槽"],
        [],
        None,
    ),
    "grinder": (
        "6-18-01-04",
        ["磨床工", "外圆磨师傅"],
        ["外圆磨、平面磨操作", "精度控制在0.005"],
        [],
        None,
    ),
    "fitter_repair": ("6-31-01-02", ["机修钳工"], ["设备拆装、更换轴承", "减速机维修"], [], None),
    "cook": ("4-03-02-01", ["厨师", "食堂厨师"], ["川菜、家常菜", "食堂大锅菜"], [], None),
    "guard": ("4-07-05-01", ["保安", "门卫"], ["厂区巡逻、门岗登记", "消防设施检查"], [], None),
    "sales": (
        "2-06-07-02",
        ["销售代表", "业务员"],
        ["开发客户、维护渠道", "完成销售指标"],
        [],
        None,
    ),
    "accountant": (
        "2-06-03-00",
        ["会计", "成本会计"],
        ["总账、报税", "用友、金蝶财务软件"],
        [],
        None,
    ),
}
POSTING_TRADES = list(TRADES)[:20]
DISTRICTS = ["武进区", "新北区", "天宁区", "钟楼区", "金坛区"]


def _meets(
    required: str | None, held: str | None, req_certs: list[str], certs: list[str]
) -> tuple[bool, bool]:
    level_ok = required is None or (
        held is not None and SkillLevel(held).rank >= SkillLevel(required).rank
    )
    certs_ok = all(any(certificate_satisfies(h, r) for h in certs) for r in req_certs)
    return level_ok, certs_ok


def grade(posting_code: str, true_code: str, level_ok: bool, certs_ok: bool) -> int:
    """The relevance grade (0-3) given by LABELLING_RULE."""
    depth = shared_depth(posting_code, true_code)
    if depth == 4:
        return 1 + int(level_ok) + int(certs_ok)
    if depth == 3:
        return 2 if level_ok and certs_ok else 1
    if depth == 2:
        return 1 if level_ok and certs_ok else 0
    return 0


def _resume(
    rng: random.Random, rid: int, trade: str, classifier: OccupationClassifier
) -> dict[str, object]:
    code, titles, skills, certs, typical_level = TRADES[trade]
    title = rng.choice(titles)
    base = SkillLevel(typical_level or "intermediate").rank
    level = rng.choice([None, SkillLevel.from_rank(base + rng.choice([-2, -1, 0, 0, 1, 2])).value])
    held = [c for c in certs if rng.random() < 0.6]
    years = rng.choice([0.5, 1, 2, 3, 5, 8, 12])
    predicted = classifier.classify(title, k=1)
    return {
        "id": rid,
        "true_code": code,
        "desired_title": title,
        "skills": "，".join(rng.sample(skills, k=min(len(skills), rng.choice([1, 2, 3])))),
        "experience": f"{years}年{title}经验",
        "skill_level": level,
        "certificates": held,
        "years_experience": float(years),
        "occupation_code": predicted[0].code if predicted and rng.random() < 0.8 else None,
        "desired_location": rng.choice([*DISTRICTS, None]),
        "expected_salary": rng.choice([5000, 7000, 9000, 12000]),
    }


def build(seed: int = 7) -> dict[str, object]:
    """The whole graded set as a JSON-ready dict."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    classifier = OccupationClassifier.load()
    postings, rid = [], 1000
    for pid, trade in enumerate(POSTING_TRADES, start=1):
        code, titles, skills, certs, level = TRADES[trade]
        related = [t for t in TRADES if t != trade and shared_depth(code, TRADES[t][0]) >= 2]
        others = [t for t in TRADES if t != trade and t not in related]
        pool = [trade] * 10 + [rng.choice(related or others) for _ in range(6)]
        pool += [rng.choice(others) for _ in range(14)]
        resumes = []
        for t in pool:
            rid += 1
            r = _resume(rng, rid, t, classifier)
            level_ok, certs_ok = _meets(level, r["skill_level"], certs, r["certificates"])  # type: ignore[arg-type]
            r["grade"] = grade(code, TRADES[t][0], level_ok, certs_ok)
            resumes.append(r)
        postings.append(
            {
                "id": pid,
                "title": titles[0],
                "occupation_code": code,
                "skill_level": level,
                "certificates": certs,
                "requirements": "要求："
                + "；".join(skills)
                + f"；{rng.choice([1, 2, 3])}年以上经验",
                "location": rng.choice(DISTRICTS),
                "salary_min": 6000,
                "salary_max": rng.choice([8000, 10000]),
                "resumes": resumes,
            }
        )
    return {"labelling_rule": LABELLING_RULE, "seed": seed, "postings": postings}


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "data" / "eval" / "ranking_dev.json"
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(out)
