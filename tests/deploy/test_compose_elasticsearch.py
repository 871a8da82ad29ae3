"""The compose file's Elasticsearch: credentials apart from the URL, the client's minor version."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _minor(number: str) -> tuple[int, int]:
    major, minor = number.split(".")[:2]
    return int(major), int(minor)


def test_the_password_is_passed_apart_from_the_url() -> None:
    env = COMPOSE["services"]["api"]["environment"]
    url = urlsplit(env["FAIRMATCH_ES_URL"])
    assert url.username is None and url.password is None and "@" not in url.netloc
    assert env["FAIRMATCH_ES_PASSWORD"] == "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD}"
    assert env["FAIRMATCH_ES_USERNAME"]


def test_server_image_client_pin_and_installed_client_share_a_minor_version() -> None:
    image = COMPOSE["services"]["elasticsearch"]["image"]
    server = _minor(image.rsplit(":", 1)[1])
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(d for d in dependencies if d.startswith("elasticsearch"))
    low, high = re.fullmatch(r"elasticsearch>=(\d+\.\d+),<(\d+\.\d+)", pin).groups()  # type: ignore[union-attr]
    assert _minor(low) == server and _minor(high) == (server[0], server[1] + 1)
    assert _minor(version("elasticsearch")) == server
