"""Skill terms a posting asks for, found by dictionary (trade terms + tools), no segmenter."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from matcher.occupations import read_trade_terms

# Tools, controllers and abilities that recruiters list next to the trade itself.
_TOOL_WORDS = (
    "西门子 三菱 欧姆龙 发那科 fanuc 海德汉 法兰克 abb kuka 库卡 安川 汇川 博世力士乐 "
    "solidworks autocad cad ug proe catia creo mastercam 编程 手工编程 宏程序 看图 识图 图纸 "
    "变频器 伺服 气动 液压 触摸屏 组态 上位机 视觉 plc 仪表 电路 电气原理图 配电 二次回路 "
    "5s 6s 精益 spc msa fmea ppap apqp 8d iatf16949 iso9001 erp mes sap excel "
    "游标卡尺 千分尺 卡尺 高度尺 二次元 三坐标 硬度计 粗糙度 公差 形位公差 "
    "焊接 氩弧焊 二保焊 电焊 气割 打磨 装配 调试 维修 保养 点检 巡检 叉车 行车 起重"
)
_TOOL_TERMS = _TOOL_WORDS.split()
_GENERIC = frozenset({"工程师", "技术员", "物流", "销售", "质量", "品质", "包装", "仓库", "行政"})
_MAX_TERMS = 12


@cache
def skill_vocabulary() -> tuple[str, ...]:
    """All skill terms, longest first so that 数控车床 wins over 车床."""
    terms = {t for t, _ in read_trade_terms() if len(t) >= 2 and t not in _GENERIC}
    terms.update(_TOOL_TERMS)
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


@cache
def _vocabulary_re() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in skill_vocabulary())
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


@cache
def extract_skill_terms(text: str) -> tuple[str, ...]:
    """Distinct skill terms in the text, in order of appearance (at most 12)."""
    if not text:
        return ()
    found: list[str] = []
    for match in _vocabulary_re().finditer(text.lower()[:4000]):
        term = match.group(0)
        if term not in found:
            found.append(term)
            if len(found) == _MAX_TERMS:
                break
    return tuple(found)


@cache
def skill_implications() -> dict[str, tuple[str, ...]]:
    """term → the broader skills or synonyms it shows (data/skill_hierarchy.csv), transitively."""
    text = resources.files("matcher").joinpath("data/skill_hierarchy.csv").read_text("utf-8")
    direct: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        direct.setdefault(row["term"].strip().lower(), []).append(row["implies"].strip().lower())
    closed: dict[str, tuple[str, ...]] = {}
    for term in direct:
        seen: list[str] = []
        stack = list(direct[term])
        while stack:
            skill = stack.pop()
            if skill != term and skill not in seen:
                seen.append(skill)
                stack.extend(direct.get(skill, ()))
        closed[term] = tuple(seen)
    return closed


@cache
def _implication_re() -> re.Pattern[str]:
    terms = sorted(skill_implications(), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in terms))


def implied_skills(text: str) -> frozenset[str]:
    """Skills a text shows through narrower terms or synonyms (氩弧焊 ⇒ 焊接); not memoized."""
    found: set[str] = set()
    implications = skill_implications()
    for match in _implication_re().finditer(text.lower()[:4000]):
        found.update(implications[match.group(0)])
    return frozenset(found)


def shows_skill(skill: str, text: str, implied: frozenset[str]) -> bool:
    """True when the lower-cased text names the skill or implies it."""
    return skill in text or skill in implied
