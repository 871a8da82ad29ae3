"""The unified social credit code (统一社会信用代码, GB 32100-2015) and its check digit."""

from __future__ import annotations

# 31 characters: digits and capitals without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character that the first 17 call for."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(text: str) -> str | None:
    """The code in capitals without spaces when it is well formed and its check digit holds,
    else None."""
    code = "".join(text.split()).upper()
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return None
    return code if check_character(code[:17]) == code[17] else None
