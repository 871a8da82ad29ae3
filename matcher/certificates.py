"""Certificate names from free text, normalized so postings and résumés can be compared.

Three families matter on the shop floor: special operation permits (特种作业操作证, e.g. 低压电工,
熔化焊接与热切割, 高处作业) and special equipment permits (叉车 N1, 起重 Q), vocational skill
level certificates (职业技能等级证书: trade + level), and 1+X / vendor certificates (CAD, PLC).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matcher.domain import SkillLevel

_MAX_CHARS = 5000

_LEVEL_WORDS: dict[str, SkillLevel] = {
    "高级技师": SkillLevel.senior_technician,
    "一级": SkillLevel.senior_technician,
    "技师": SkillLevel.technician,
    "二级": SkillLevel.technician,
    "高级工": SkillLevel.senior,
    "高级": SkillLevel.senior,
    "三级": SkillLevel.senior,
    "中级工": SkillLevel.intermediate,
    "中级": SkillLevel.intermediate,
    "四级": SkillLevel.intermediate,
    "初级工": SkillLevel.junior,
    "初级": SkillLevel.junior,
    "五级": SkillLevel.junior,
}
_LEVEL_SHORT: dict[SkillLevel, str] = {
    SkillLevel.junior: "初级工",
    SkillLevel.intermediate: "中级工",
    SkillLevel.senior: "高级工",
    SkillLevel.technician: "技师",
    SkillLevel.senior_technician: "高级技师",
}

# Trade names as written → the trade's name on the certificate.
_TRADES: dict[str, str] = {
    "数控车工": "车工",
    "数控铣工": "铣工",
    "加工中心操作工": "加工中心操作工",
    "多工序数控机床操作调整工": "多工序数控机床操作调整工",
    "数控机床装调维修工": "机床装调维修工",
    "机床装调维修工": "机床装调维修工",
    "装配钳工": "装配钳工",
    "机修钳工": "机修钳工",
    "工具钳工": "工具钳工",
    "维修电工": "电工",
    "电焊工": "焊工",
    "车工": "车工",
    "铣工": "铣工",
    "磨工": "磨工",
    "钳工": "钳工",
    "焊工": "焊工",
    "电工": "电工",
    "模具工": "模具工",
    "冲压工": "冲压工",
    "铸造工": "铸造工",
    "涂装工": "涂装工",
    "电切削工": "电切削工",
    "仪器仪表维修工": "仪器仪表维修工",
    "工业机器人系统操作员": "工业机器人系统操作员",
    "工业机器人系统运维员": "工业机器人系统运维员",
    "电子设备装接工": "电子设备装接工",
    "汽车维修工": "汽车维修工",
    "制冷空调系统安装维修工": "制冷空调系统安装维修工",
    "化学检验员": "化学检验员",
    "质检员": "质检员",
    "无损检测员": "无损检测员",
    "可编程序控制系统设计师": "可编程序控制系统设计师",
}
_TRADE_ALT = "|".join(sorted(map(re.escape, _TRADES), key=len, reverse=True))
_LEVEL_ALT = "|".join(sorted(map(re.escape, _LEVEL_WORDS), key=len, reverse=True))
_CERT_WORD = r"(?:职业技能等级证书|职业资格证书?|技能等级证书?|资格证书?|等级证书?|证书|证)"

_SKILL_CERT_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?P<level>{_LEVEL_ALT})(?P<trade>{_TRADE_ALT}){_CERT_WORD}"),
    re.compile(
        rf"(?P<trade>{_TRADE_ALT})(?:证|职业技能等级|职业资格|技能等级)?\s*[（(]?\s*"
        rf"(?P<level>{_LEVEL_ALT})\s*[）)]?\s*(?:{_CERT_WORD})?"
    ),
    re.compile(rf"(?:职业技能等级|职业资格){_CERT_WORD}?[（(:：\s]*(?P<trade>{_TRADE_ALT})"),
)

# (canonical name, pattern) for permits and named certificates; checked after skill certificates.
_NAMED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("高压电工作业证", re.compile(r"高压电工|高压进网|进网作业许可证?")),
    (
        "低压电工作业证",
        re.compile(
            r"低压电工|电工(?:特种)?(?:作业|操作|上岗)?证|特种作业操作证[（(]?电工|electrician'?s?\s+licen[cs]e",
            re.I,
        ),
    ),
    ("特种设备焊接作业证", re.compile(r"压力容器焊|锅炉焊工|特种设备焊接|管道焊工证")),
    (
        "熔化焊接与热切割作业证",
        re.compile(
            r"熔化焊|热切割|(?:电|气|氩弧|二保)?焊工?(?:特种)?(?:作业|操作|上岗)?证|特种作业操作证[（(]?焊"
            r"|welding\s+(?:licen[cs]e|certificate)|welder\s+certificate",
            re.I,
        ),
    ),
    ("高处作业证", re.compile(r"高处作业|登高(?:作业)?证|高空作业证")),
    ("制冷与空调作业证", re.compile(r"制冷与空调作业|制冷(?:作业)?证")),
    (
        "叉车证（N1）",
        re.compile(
            r"叉车(?:司机|操作|驾驶|上岗)?证|(?<![A-Za-z0-9])N1(?![0-9])|场[（(]?厂[)）]?内(?:专用)?机动车辆"
            r"|厂内机动车|forklift\s+(?:licen[cs]e|certificate)",
            re.I,
        ),
    ),
    (
        "起重机械作业证",
        re.compile(
            r"起重(?:机械|机|作业)?(?:司机|指挥|操作)?证|行车证|天车证|桥式起重|(?<![A-Za-z0-9])Q[12](?![0-9])"
            r"|起重机司机|司索|crane\s+(?:licen[cs]e|operator\s+certificate)",
            re.I,
        ),
    ),
    ("压力容器作业证", re.compile(r"压力容器(?:操作|作业)|(?<![A-Za-z0-9])R[12](?:证)(?![0-9])")),
    ("锅炉作业证", re.compile(r"锅炉(?:操作|作业)证|司炉证|(?<![A-Za-z0-9])G[123]证")),
    ("CAD证书", re.compile(r"(?:Auto)?CAD[^，,。；;、\s]{0,8}?(?:证书|认证|证)", re.I)),
    ("SolidWorks认证", re.compile(r"CSW[APE]\b|solidworks[^，,。；;、]{0,6}?(?:认证|证书)", re.I)),
    (
        "西门子PLC认证",
        re.compile(r"(?:西门子|siemens)\s*(?:PLC)?[^，,。；;、]{0,6}?(?:认证|证书)", re.I),
    ),
    ("三菱PLC认证", re.compile(r"(?:三菱|mitsubishi)\s*PLC[^，,。；;、]{0,6}?(?:认证|证书)", re.I)),
    (
        "工业机器人厂商认证",
        re.compile(
            r"(?:FANUC|发那科|ABB|KUKA|库卡|安川)\s*机器人?[^，,。；;、]{0,6}?(?:认证|证书)", re.I
        ),
    ),
    ("ISO内审员证", re.compile(r"(?:ISO\s*9001|IATF\s*16949|TS\s*16949|体系)?内审员", re.I)),
    ("六西格玛认证", re.compile(r"六西格玛|6\s*sigma|six\s+sigma|[绿黑]带", re.I)),
    ("安全员证", re.compile(r"安全员[ABC]?证|注册安全工程师")),
)

_ONE_PLUS_X_RE = re.compile(
    r"1\s*\+\s*X\s*[（(：:\s「“\"]*(?P<name>[\u4e00-\u9fffA-Za-z]{2,20}?)"
    r"(?:职业技能等级证书|证书|[（(]|[)）」”\"]|初级|中级|高级|[，,。；;、\s]|$)",
    re.I,
)
_LICENCE_RE = re.compile(r"(?<![A-Za-z0-9])(?P<cls>[ABC][12])\s*(?:驾照|驾驶证|照|driving)", re.I)
_ANY_LICENCE_RE = re.compile(
    r"驾照|驾驶证|机动车驾驶|driver'?s?\s+licen[cs]e|driving\s+licen[cs]e", re.I
)


def skill_certificate_name(trade: str, level: SkillLevel | None) -> str:
    """Canonical name of a vocational skill level certificate: 车工职业技能等级证书（高级工）."""
    if level is None or level not in _LEVEL_SHORT:
        return f"{trade}职业技能等级证书"
    return f"{trade}职业技能等级证书（{_LEVEL_SHORT[level]}）"


def trade_of(text: str) -> str | None:
    """The certificate trade a title or major names (数控车工 → 车工), or None."""
    found = re.search(_TRADE_ALT, text[:_MAX_CHARS]) if isinstance(text, str) else None
    return _TRADES[found.group(0)] if found else None


# Canonical names have （高级工）; kept-as-is official ones read (三级/高级工) or （四级/中级工）.
_SKILL_NAME_RE = re.compile(r"^(?P<trade>.+?)职业技能等级证书(?:[（(](?P<short>.+)[）)])?$")


def _level_named(short: str) -> SkillLevel | None:
    """The level a certificate's bracket names (高级工, 三级/高级工), or None."""
    found = re.search(_LEVEL_ALT, short)
    return _LEVEL_WORDS[found.group(0)] if found else None


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + "□" * (end - start) + text[end:]


def extract_certificates(text: str) -> list[str]:
    """Normalized certificate names mentioned in the text, deduplicated, in order of appearance."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:_MAX_CHARS]
    found: list[tuple[int, str]] = []
    for pattern in _SKILL_CERT_RES:
        for m in pattern.finditer(text):
            level = _LEVEL_WORDS.get(m.groupdict().get("level") or "")
            found.append((m.start(), skill_certificate_name(_TRADES[m["trade"]], level)))
            text = _mask(text, m.start(), m.end())
    for m in _ONE_PLUS_X_RE.finditer(text):
        found.append((m.start(), f"1+X {m['name'].strip()}"))
        text = _mask(text, m.start(), m.end())
    for name, pattern in _NAMED:
        for m in pattern.finditer(text):
            found.append((m.start(), name))
            text = _mask(text, m.start(), m.end())
    licences = list(_LICENCE_RE.finditer(text))
    for m in licences:
        found.append((m.start(), f"{m['cls'].upper()}驾驶证"))
    if not licences and (m2 := _ANY_LICENCE_RE.search(text)):
        found.append((m2.start(), "驾驶证"))
    names: list[str] = []
    for _, name in sorted(found, key=lambda item: item[0]):
        if name not in names:
            names.append(name)
    return names


def _official_skill_name(raw: str) -> str | None:
    """An official skill certificate name of any trade (炼钢工职业技能等级证书(三级/高级工)) in
    the canonical form (炼钢工职业技能等级证书（高级工）), or None."""
    found = _SKILL_NAME_RE.match(raw.strip())
    level = _level_named(found["short"] or "") if found else None
    if not found or not level:
        return None
    return skill_certificate_name(_TRADES.get(found["trade"], found["trade"]), level)


def normalize_certificates(names: Iterable[str]) -> list[str]:
    """Canonical names for certificate strings on a profile (unparseable ones kept as is)."""
    result: list[str] = []
    for raw in names:
        official = _official_skill_name(raw)
        if official:
            canon = [official]
        else:
            canon = extract_certificates(raw) or ([raw.strip()] if raw.strip() else [])
        result.extend(c for c in canon if c not in result)
    return result


def certificate_satisfies(held: str, required: str) -> bool:
    """Whether a held canonical certificate meets a required one (same trade, level at least)."""
    if held == required:
        return True
    h, r = _SKILL_NAME_RE.match(held), _SKILL_NAME_RE.match(required)
    if not h or not r or h["trade"] != r["trade"]:
        return False
    required_level = _level_named(r["short"] or "")
    if required_level is None:
        return True
    held_level = _level_named(h["short"] or "")
    return held_level is not None and held_level.rank >= required_level.rank
