"""Chinese and Arabic numerals as they appear in job ads: 三, 十二, 两, 一年半, 3.5."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}

# Character class for regexes that capture a numeral (Arabic or Chinese, with decimals).
NUMERAL_CHARS = r"0-9０-９.．零〇一二两三四五六七八九十"


def parse_numeral(text: str) -> float | None:
    """Value of a numeral like "12", "3.5", "十二", "二十", "两"; None when it is not one."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return float(value)
    tens_part, _, ones_part = text.partition("十")
    if len(tens_part) > 1 or len(ones_part) > 1 or "十" in ones_part:
        return None
    tens = _DIGITS[tens_part] if tens_part else 1
    ones = _DIGITS[ones_part] if ones_part else 0
    return float(tens * 10 + ones)
