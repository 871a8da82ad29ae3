"""Explanations a recruiter can check: factor contributions, one-line summaries (中文 / English)."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.domain import SkillLevel

_FACTOR_LABELS: dict[str, tuple[str, str]] = {
    "semantic": ("语义相似度", "semantic similarity"),
    "occupation": ("职业相同的可能性", "likelihood of the same occupation"),
    "skill_level": ("技能等级", "skill level"),
    "certificates": ("证书", "certificates"),
    "experience": ("工作年限", "experience"),
    "location": ("工作地点", "location"),
    "salary": ("薪资", "salary"),
    "applied": ("已投递", "applied"),
}
_CN_NUMBERS = "零一两三四五六七八"


@dataclass(frozen=True, slots=True)
class FactorContribution:
    """One factor: its value in [0, 1], its weight, and what it added to the score."""

    name: str
    value: float
    weight: float
    contribution: float

    @property
    def label_zh(self) -> str:
        """Chinese label of the factor."""
        return _FACTOR_LABELS[self.name][0]

    @property
    def label_en(self) -> str:
        """English label of the factor."""
        return _FACTOR_LABELS[self.name][1]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "value": round(self.value, 4),
            "weight": round(self.weight, 4),
            "contribution": round(self.contribution, 4),
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a résumé and a posting match, factor by factor."""

    factors: tuple[FactorContribution, ...]
    matched_certificates: tuple[str, ...]
    missing_certificates: tuple[str, ...]
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    level_gap: int | None
    occupation_depth: int | None
    occupation_name: str
    occupation_probability: float | None
    summary_zh: str
    summary_en: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "factors": [f.to_dict() for f in self.factors],
            "matched_certificates": list(self.matched_certificates),
            "missing_certificates": list(self.missing_certificates),
            "matched_skills": list(self.matched_skills),
            "missing_skills": list(self.missing_skills),
            "level_gap": self.level_gap,
            "level_gap_zh": None if self.level_gap is None else level_gap_words(self.level_gap)[0],
            "level_gap_en": None if self.level_gap is None else level_gap_words(self.level_gap)[1],
            "occupation_depth": self.occupation_depth,
            "occupation_name": self.occupation_name,
            "occupation_probability": (
                None
                if self.occupation_probability is None
                else round(self.occupation_probability, 4)
            ),
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
        }


def _likelihood_phrase(name: str, same: float, near: float) -> tuple[str, str]:
    same_pct, near_pct = round(100 * same), round(100 * near)
    if same >= 0.5 or near - same < 0.2:
        return (
            f"职业相同的可能性 {same_pct}%（{name}）",
            f"{same_pct}% likely the same occupation ({name})",
        )
    return (
        f"职业相同的可能性 {same_pct}%，同一职业小类的可能性 {near_pct}%（{name}）",
        f"{same_pct}% likely the same occupation, {near_pct}% the same group ({name})",
    )


def _occupation_phrase(depth: int | None, name: str) -> tuple[str, str]:
    if depth is None:
        return "职业未标注", "occupation not coded"
    if depth >= 4:
        return f"职业相同（{name}）", f"same occupation ({name})"
    if depth == 3:
        return f"同一职业小类（{name}）", f"same occupation group ({name})"
    if depth == 2:
        return "相近职业（同一中类）", "related occupation (same middle group)"
    return "职业不同", "different occupation"


def _level_phrase(
    gap: int | None, required: SkillLevel | None, held: SkillLevel | None
) -> tuple[str, str] | None:
    if required is None:
        return None
    if held is None or gap is None:
        return (
            f"技能等级未知（要求{required.label_zh}）",
            f"skill level unknown ({required.label_en} required)",
        )
    if gap == 0:
        return (
            f"技能等级符合（{held.label_zh}）",
            f"skill level meets requirement ({held.label_en})",
        )
    return level_gap_words(gap)


def level_gap_words(gap: int) -> tuple[str, str]:
    """A skill-level gap as a recruiter says it: 2 → ("高于要求两级", "2 levels above …")."""
    if gap == 0:
        return "符合要求", "meets the requirement"
    steps = abs(gap)
    plural = "s" if steps > 1 else ""
    number = _CN_NUMBERS[min(steps, len(_CN_NUMBERS) - 1)]
    if gap > 0:
        return f"高于要求{number}级", f"{steps} level{plural} above the requirement"
    return f"低于要求{number}级", f"{steps} level{plural} below the requirement"


def build_summaries(
    *,
    occupation_depth: int | None,
    occupation_name: str,
    occupation_probability: float | None = None,
    minor_group_probability: float | None = None,
    level_gap: int | None,
    required_level: SkillLevel | None,
    held_level: SkillLevel | None,
    required_certificates: tuple[str, ...],
    missing_certificates: tuple[str, ...],
    missing_skills: tuple[str, ...],
    applied: bool,
) -> tuple[str, str]:
    """The Chinese and English one-line summaries of a match."""
    zh, en = [], []
    if occupation_probability is not None:
        near = minor_group_probability or occupation_probability
        occ = _likelihood_phrase(occupation_name, occupation_probability, near)
    else:
        occ = _occupation_phrase(occupation_depth, occupation_name)
    zh.append(occ[0])
    en.append(occ[1])
    if level := _level_phrase(level_gap, required_level, held_level):
        zh.append(level[0])
        en.append(level[1])
    if missing_certificates:
        zh.append("缺少证书：" + "、".join(missing_certificates))
        en.append("missing certificates: " + ", ".join(missing_certificates))
    elif required_certificates:
        zh.append("所需证书齐全")
        en.append("holds all required certificates")
    if missing_skills:
        zh.append("未体现技能：" + "、".join(missing_skills[:3]))
        en.append("skills not shown: " + ", ".join(missing_skills[:3]))
    if applied:
        zh.append("已投递")
        en.append("applied")
    summary_en = "; ".join(en)
    return "；".join(zh), summary_en[:1].upper() + summary_en[1:]
