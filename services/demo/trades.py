"""The demo's trade registry and the wording postings and résumés share (certificates, titles)."""

from __future__ import annotations

import re
from functools import cache

from matcher.csco import occupations_by_code, shared_depth
from matcher.domain import SkillLevel
from services.demo.catalog import LEVEL_CERT_SUFFIX, Trade
from services.demo.trades_mechanical import MECHANICAL_TRADES
from services.demo.trades_sector import SECTOR_TRADES

TRADES: tuple[Trade, ...] = MECHANICAL_TRADES + SECTOR_TRADES
TRADES_BY_CODE: dict[str, Trade] = {t.code: t for t in TRADES}

_DECORATION = re.compile(r"[(（【].*?[)）】]|[-/].*?(包吃住|早八晚五)")


def is_engineer(trade: Trade) -> bool:
    """Engineering technicians (CSCO major group 2) rather than production workers."""
    return trade.code.startswith("2-")


def occupation_name(code: str) -> str:
    """The CSCO name of a code without its digital/green markers, e.g. "光伏组件制造工"."""
    return occupations_by_code()[code].display_name


def level_certificate(trade: Trade, level: SkillLevel | None) -> str | None:
    """The skill-level certificate a worker of this trade and rung holds (None below junior)."""
    return None if level is None else _level_certificate(trade.code, level)


@cache
def _level_certificate(code: str, level: SkillLevel) -> str | None:
    if code.startswith("2-") or level not in LEVEL_CERT_SUFFIX:
        return None
    return f"{occupation_name(code)}职业技能等级证书({LEVEL_CERT_SUFFIX[level]})"


def clean_title(title: str) -> str:
    """A title without recruiting decorations such as "(急招)" or "-包吃住"."""
    return _DECORATION.sub("", title).strip() or title


@cache
def related_codes(code: str) -> tuple[str, ...]:
    """Other demo trades a worker of this trade may apply to (same family or minor group)."""
    own = TRADES_BY_CODE[code]
    return tuple(
        t.code
        for t in TRADES
        if t.code != code and (t.family == own.family or shared_depth(t.code, code) >= 3)
    )
