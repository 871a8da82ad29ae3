"""The gettext catalogs: complete, consistent, shipped, and the one lookup of pages and errors."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from collections import Counter
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from jinja2 import nodes

from frontend import PACKAGE_DIR, TEMPLATE_DIR, create_environment
from frontend.i18n import EN, LANGUAGES, LOCALES, ZH, bilingual, catalog_path, messages, t

ROOT = PACKAGE_DIR.parent
# The code that looks texts up: t(key, lang), bilingual(key), Page.t(key), Report.t(key), _(key).
LOOKUPS = {"t", "bilingual", "_", "gettext"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_entries_are_unique_translated_and_not_fuzzy(lang: str) -> None:
    path = catalog_path(lang)
    ids = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert not [key for key, n in Counter(ids).items() if n > 1], "duplicate msgid"
    with path.open("rb") as po:
        catalog = read_po(po, locale=LOCALES[lang])
    bad = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not bad, f"untranslated or fuzzy in {path}: {bad}"
    assert len(messages(lang)) == len(ids)


def test_both_catalogs_have_the_same_keys_and_placeholders() -> None:
    zh, en = messages(ZH), messages(EN)
    assert zh.keys() == en.keys(), zh.keys() ^ en.keys()
    mismatched = {key for key in zh if _fields(zh[key]) != _fields(en[key])}
    assert not mismatched, mismatched


def test_every_entry_has_chinese_then_english() -> None:
    for key, zh in messages(ZH).items():
        en = messages(EN)[key]
        if key == "nav.switch":  # names the other language in that language
            assert (zh, en) == ("English", "中文")
            continue
        assert re.search(r"[\u4e00-\u9fff]", zh), key
        assert re.search(r"[A-Za-z]", en), key


def test_every_key_the_code_looks_up_exists() -> None:
    keys: set[str] = set()
    prefixes: set[str] = set()
    for found, is_prefix in [*_python_lookups(), *_template_lookups()]:
        (prefixes if is_prefix else keys).add(found)
    known = messages(ZH).keys()
    assert len(keys) > 200 and {"jobs.count", "api.not_found", "upload."} <= keys | prefixes
    assert keys <= known, keys - known
    assert all(any(k.startswith(p) for k in known) for p in prefixes), prefixes


def test_templates_use_no_trans_blocks() -> None:
    # {% trans %} would %-format and mark the text safe; ours is {name} and escaped: use _().
    for path in TEMPLATE_DIR.rglob("*.html"):
        assert "{% trans" not in path.read_text(encoding="utf-8"), path


def test_lookup_fills_placeholders_and_names_a_missing_key() -> None:
    assert t("jobs.count", ZH, n=3) == "共 3 个岗位"
    assert t("jobs.count", EN, n=3) == "3 jobs"
    assert t("jobs.count", "fr", n=3) == "共 3 个岗位"
    assert bilingual("api.posting_not_found") == "岗位不存在 / Posting not found"
    with pytest.raises(KeyError, match=r"'jobs\.nope' is not in .*zh_CN"):
        t("jobs.nope", ZH)


@pytest.mark.parametrize(("lang", "expected"), [(ZH, "&lt;b&gt;，你好 共 1 个岗位"), (EN, None)])
def test_templates_and_code_share_one_lookup(lang: str, expected: str | None) -> None:
    source = "{{ _('me.hello', name=who) }} {{ ngettext('jobs.count', 'jobs.count', 1) }}"
    html = create_environment().from_string(source).render(lang=lang, who="<b>")
    assert html == f"{t('me.hello', lang, name='&lt;b&gt;')} {t('jobs.count', lang, n=1)}"
    assert expected is None or html == expected
    again = create_environment().from_string("{{ t('jobs.count', n=2) }}").render(lang=lang)
    assert again == t("jobs.count", lang, n=2)


def test_errors_carry_both_languages_from_the_catalogs() -> None:
    from services.errors import AppError, PostingNotFound

    assert PostingNotFound().message == bilingual("api.posting_not_found")
    assert AppError("自定义 / Custom").message == "自定义 / Custom"


def test_the_package_ships_the_catalogs() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["frontend"]
    shipped = {p for pattern in patterns for p in PACKAGE_DIR.glob(pattern)}
    assert {catalog_path(lang) for lang in LANGUAGES} <= shipped
    assert "babel" in " ".join(pyproject["project"]["dependencies"])


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _python_lookups() -> Iterator[tuple[str, bool]]:
    for path in [*ROOT.glob("services/**/*.py"), *PACKAGE_DIR.glob("**/*.py")]:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name in LOOKUPS:
                yield from _python_key(call.args[0])


def _python_key(arg: ast.expr) -> Iterator[tuple[str, bool]]:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        yield arg.value, False
    elif isinstance(arg, ast.IfExp):
        yield from _python_key(arg.body)
        yield from _python_key(arg.orelse)
    elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
        yield str(arg.values[0].value), True


def _template_lookups() -> Iterator[tuple[str, bool]]:
    env = create_environment()
    for path in TEMPLATE_DIR.rglob("*.html"):
        for call in env.parse(path.read_text(encoding="utf-8")).find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in LOOKUPS and call.args:
                yield from _template_key(call.args[0])
            elif isinstance(call.node, nodes.Name) and call.node.name == "ngettext":
                for arg in call.args[:2]:  # singular and plural keys
                    yield from _template_key(arg)


def _template_key(arg: nodes.Expr) -> Iterator[tuple[str, bool]]:
    if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
        yield arg.value, False
    elif isinstance(arg, nodes.CondExpr):
        yield from _template_key(arg.expr1)
        if arg.expr2 is not None:
            yield from _template_key(arg.expr2)
    elif isinstance(arg, nodes.Concat) and isinstance(arg.nodes[0], nodes.Const):
        yield str(arg.nodes[0].value), True
