"""What text FairMatch stores: no control characters (issue 22, row 4).

C0 controls other than tab, line feed and carriage return, DEL, the C1 block, lone surrogates and
the non-characters U+FFFE/U+FFFF are refused in every field (schemas, forms, Excel rows) and
dropped from text read out of uploaded files. They break spreadsheets, terminals and logs, and no
keyboard types them.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")


def holds_control_characters(value: object) -> bool:
    """True when a string, or any string inside a list, tuple, set or dict, holds one."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, list | tuple | set | frozenset):
        return any(holds_control_characters(item) for item in value)
    if isinstance(value, dict):
        return any(holds_control_characters(item) for item in (*value.keys(), *value.values()))
    return False


def strip_control_characters(text: str) -> str:
    """The text without control characters (for text read from files, where refusing loses it)."""
    return CONTROL_CHARACTERS.sub("", text)
