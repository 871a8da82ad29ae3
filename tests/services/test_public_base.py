"""The QR codes' base: the address served, the LAN one on 0.0.0.0, loopback flagged."""

from __future__ import annotations

import pytest
from rich.console import Console

from services.fairs.public_base import (
    is_loopback,
    lan_address,
    qr_base,
    serve_banner,
    served_base,
)


def test_serving_on_every_interface_prints_the_lan_address() -> None:
    assert served_base(host="0.0.0.0", port=8080, lan="192.168.1.23") == "http://192.168.1.23:8080"
    assert served_base(host="::", port=8000, lan="10.0.0.5") == "http://10.0.0.5:8000"
    assert served_base(host="0.0.0.0", port=8000, lan=None) == "http://127.0.0.1:8000"
    assert served_base(host="fair.local", port=9000, lan="10.0.0.5") == "http://fair.local:9000"
    assert served_base(host="fe80::1", port=80, lan=None) == "http://[fe80::1]:80"


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.8.0.1/", True),
        ("http://[::1]:8000/f/1", True),
        ("http://localhost:8000", True),
        ("http://192.168.1.23:8000", False),
        ("https://fair.example.cn", False),
        ("http://testserver", False),
    ],
)
def test_loopback_addresses_are_recognised(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_a_configured_base_wins_over_the_request() -> None:
    assert qr_base(configured="https://x.cn/", request_base="http://a:1/") == "https://x.cn"
    assert qr_base(configured="", request_base="http://10.0.0.5:8000/") == "http://10.0.0.5:8000"


def test_the_lan_address_is_never_loopback() -> None:
    found = lan_address()
    assert found is None or not is_loopback(f"http://{found}")


def test_the_banner_names_three_pages_and_the_phones_address() -> None:
    lines = serve_banner(base="http://192.168.1.23:8000", lan="192.168.1.23", port=8000)
    text = "\n".join(lines)
    for path in ("/", "/portal", "/dashboard"):
        assert f"http://192.168.1.23:8000{path}\n" in text + "\n"
    assert "局域网地址 http://192.168.1.23:8000" in text and "FAIRMATCH_PUBLIC_URL" not in text


def test_the_banner_warns_loudly_about_a_loopback_base() -> None:
    text = "\n".join(serve_banner(base="http://127.0.0.1:8000", lan="192.168.1.23", port=8000))
    assert "手机无法打开" in text and "no phone can open" in text
    assert "--host 0.0.0.0" in text and "局域网地址" not in text


def test_serve_fills_in_the_public_url_from_the_address_served(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from services import cli
    from services.config import get_settings

    monkeypatch.setenv("FAIRMATCH_PUBLIC_URL", "")
    monkeypatch.setattr(cli, "console", Console(stderr=True, width=200))
    get_settings.cache_clear()
    try:
        cli._announce_public_url(host="127.0.0.1", port=8123)
        assert get_settings().public_url == "http://127.0.0.1:8123"
        said = capsys.readouterr().err
        assert "http://127.0.0.1:8123/portal" in said and "no phone can open" in said
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
