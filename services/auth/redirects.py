"""The one guard for `next=` parameters: a path of this site under a known prefix, or a default."""

from __future__ import annotations


def safe_next(target: object, *, prefix: str, default: str) -> str:
    """`target` when it is a same-site path starting with `prefix`, else `default`.

    Refuses scheme-relative URLs (//host), backslashes (which browsers read as slashes),
    and control characters, so a login link can never send the browser to another site.
    """
    text = str(target or "")
    if (
        text.startswith(prefix)
        and text.startswith("/")
        and "//" not in text
        and "\\" not in text
        and text.isprintable()
    ):
        return text
    return default
