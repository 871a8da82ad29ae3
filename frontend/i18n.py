"""The one translation lookup of pages, API errors and exports: gettext catalogs, `t(key, lang)`.

The texts live in Babel's layout, frontend/locale/<locale>/LC_MESSAGES/messages.po, one catalog
per language. Every msgid is a stable dotted key ("jobs.count"); msgstr is the text, with
str.format placeholders ("共 {n} 个岗位"). See frontend/locale/README.md to add a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel.messages.pofile import read_po

ZH = "zh-CN"
EN = "en"
LANGUAGES = (ZH, EN)
DEFAULT_LANGUAGE = ZH

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# gettext names locales with an underscore (zh_CN); the pages and Accept-Language use zh-CN.
LOCALES = {ZH: "zh_CN", EN: "en"}


def catalog_path(lang: str) -> Path:
    """The .po file that holds the texts of lang."""
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / "messages.po"


@cache
def messages(lang: str) -> Mapping[str, str]:
    """Every translated key of lang, read from its .po file once per process."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=LOCALES[lang])
    # Like msgfmt, an empty or fuzzy entry counts as missing rather than as text.
    return MappingProxyType(
        {
            message.id: message.string
            for message in catalog
            if isinstance(message.id, str)
            and message.id
            and isinstance(message.string, str)
            and message.string
            and not message.fuzzy
        }
    )


def t(key: str, lang: str, **params: Any) -> str:
    """The text for key in lang (zh-CN unless lang is en), with {params} filled in."""
    language = EN if lang == EN else ZH
    try:
        text = messages(language)[key]
    except KeyError:
        raise KeyError(f"{key!r} is not in {catalog_path(language)}") from None
    return text.format(**params) if params else text


def bilingual(key: str, **params: Any) -> str:
    """Chinese, then English, for messages that must carry both (API errors)."""
    return f"{t(key, ZH, **params)} / {t(key, EN, **params)}"


def enum_label(value: object, lang: str) -> str:
    """A domain enum's own label (SkillLevel, Education) in lang; other values as text."""
    attribute = "label_en" if lang == EN else "label_zh"
    label = getattr(value, attribute, None)
    return label if isinstance(label, str) else str(value)


def negotiate(*, query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: ?lang= first, then the cookie, then Accept-Language, else zh-CN."""
    for choice in (query, cookie):
        found = _match(choice)
        if found:
            return found
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(",")[:10]:
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        found = _match(tag)
        if found:
            ranked.append((weight, found))
    return max(ranked, key=lambda item: item[0])[1] if ranked else DEFAULT_LANGUAGE


def _match(tag: str | None) -> str | None:
    primary = (tag or "").strip().lower().split("-")[0]
    return {"zh": ZH, "en": EN}.get(primary)
