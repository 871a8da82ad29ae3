"""Templates and static assets of the FairMatch pages, and the Jinja environment for them."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from frontend.i18n import enum_label, t

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST: needs no tzdata


@cache
def static_url(name: str) -> str:
    """The URL of a static asset, versioned by its content so it can be cached for a year."""
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


@pass_context
def _translate(context: Context, key: str, **params: Any) -> str:
    return t(key, context["lang"], **params)


@pass_context
def _translate_plural(context: Context, singular: str, plural: str, n: int, **params: Any) -> str:
    return t(singular if n == 1 else plural, context["lang"], n=n, **params)


@pass_context
def _label(context: Context, value: object) -> str:
    return enum_label(value, context["lang"])


def _money(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


@pass_context
def _china_time(context: Context, at: datetime) -> str:
    """A moment as people at the fair read it: Beijing time, to the minute, the zone named."""
    local = at.astimezone(CHINA)
    return local.strftime("%Y-%m-%d %H:%M ") + t("time.china", context["lang"])


@cache
def create_environment() -> Environment:
    """The Jinja environment: autoescaped HTML, `t(key)` and `label(enum)` in the page language."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The i18n extension's `_()`, `gettext()` and `ngettext()` and our `t()` are one lookup in the
    # render context's `lang`. Not newstyle: its wrapper would %-format and mark the text safe,
    # while our placeholders are {name} and the text is escaped like any other value.
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=_translate, ngettext=_translate_plural, newstyle=False
    )
    env.globals.update(t=_translate, static_url=static_url)
    env.filters.update(label=_label, money=_money, china_time=_china_time)
    return env
