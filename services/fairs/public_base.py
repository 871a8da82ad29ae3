"""The base URL printed in QR codes: one a phone on the fair's Wi-Fi can actually open."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from frontend.i18n import EN, ZH, t

_ANY_ADDRESS = {"0.0.0.0", "::", ""}  # noqa: S104 - names the wildcard, binds nothing
# A documentation address (RFC 5737): connecting a UDP socket to it sends nothing, it only asks
# the kernel which interface, hence which source address, would reach the outside.
_PROBE = ("192.0.2.1", 9)


def lan_address() -> str | None:
    """This machine's address on its local network, or None when it has none but loopback."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address: str = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def served_base(*, host: str, port: int, lan: str | None) -> str:
    """The base URL of a server listening on host:port; the LAN address when on every interface."""
    if host in _ANY_ADDRESS:
        host = lan or "127.0.0.1"
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port}"


def is_loopback(url: str) -> bool:
    """Whether url names this machine only (127.0.0.0/8, ::1, localhost): no phone can open it."""
    hostname = (urlsplit(url).hostname or "").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def qr_base(*, configured: str, request_base: str) -> str:
    """FAIRMATCH_PUBLIC_URL when set, else the address this request reached the server at."""
    return (configured or request_base).rstrip("/")


def serve_banner(*, base: str, lan: str | None, port: int) -> list[str]:
    """What `fairmatch serve` prints: the pages to open, the phones' address, a loopback warning."""
    lines = [f"{t('serve.open', ZH)} / {t('serve.open', EN)}"]
    pages = (
        ("serve.seeker", "/"),
        ("serve.portal", "/portal"),
        ("serve.organizer", "/organizer"),
        ("serve.dashboard", "/dashboard"),
        ("serve.docs", "/docs"),
    )
    for key, path in pages:
        lines.append(f"  {t(key, ZH)} / {t(key, EN)}: {base}{path}")
    if lan is not None and not is_loopback(base):
        phones = served_base(host=lan, port=port, lan=lan)
        lines.append(f"{t('serve.lan', ZH, url=phones)} / {t('serve.lan', EN, url=phones)}")
    if is_loopback(base):
        lines.append(t("serve.loopback", ZH, url=base))
        lines.append(t("serve.loopback", EN, url=base))
    return lines
