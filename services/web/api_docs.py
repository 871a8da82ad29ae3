"""The interactive API docs (Swagger UI from bundled assets) and their Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache

from fastapi.openapi.docs import get_swagger_ui_html

SWAGGER = "/static/vendor/swagger-ui/"
# A <script> element without a src attribute, and its text.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.DOTALL)


@dataclass(frozen=True)
class DocsPage:
    """The docs HTML and the policy it is served under."""

    html: str
    content_security_policy: str


def inline_script_sources(html: str) -> list[str]:
    """A CSP source ('sha256-…') for the text of each inline <script> in the page."""
    sources = []
    for text in _INLINE_SCRIPT.findall(html):
        # Browsers hash the script as parsed, and the HTML parser turns CR LF and CR into LF.
        parsed = text.replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(parsed.encode()).digest()).decode()
        sources.append(f"'sha256-{digest}'")
    return sources


def content_security_policy(html: str) -> str:
    """Scripts from this server plus the page's own inline ones by hash; styles, images and
    fetches (Swagger UI reads /openapi.json) from this server; nothing else."""
    scripts = " ".join(["'self'", *inline_script_sources(html)])
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    )


@cache
def docs_page() -> DocsPage:
    """The Swagger UI page, built once (nothing in it depends on the request), and its policy
    computed from the HTML FastAPI really produces, so a new FastAPI cannot leave a stale hash."""
    html = bytes(
        get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="FairMatch API",
            swagger_js_url=SWAGGER + "swagger-ui-bundle.js",
            swagger_css_url=SWAGGER + "swagger-ui.css",
            swagger_favicon_url=SWAGGER + "favicon-32x32.png",
        ).body
    ).decode()
    return DocsPage(html=html, content_security_policy=content_security_policy(html))
