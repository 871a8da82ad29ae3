"""Settings from FAIRMATCH_* environment variables (and an optional .env file)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_ADMIN_TOKEN = "fm_o_dev-admin-token-change-me"  # noqa: S105 - refused outside development
ORGANIZER_PREFIX = "fm_o_"  # services/auth/secrets.py reads a token's role from its prefix


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class SearchKind(StrEnum):
    embedded = "embedded"
    elasticsearch = "elasticsearch"


class Settings(BaseSettings):
    """Every knob of a FairMatch process; read once per process."""

    model_config = SettingsConfigDict(env_prefix="FAIRMATCH_", env_file=".env", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = ""
    data_dir: Path = Path("var")
    admin_token: str = DEV_ADMIN_TOKEN
    search_backend: SearchKind = SearchKind.embedded
    es_url: str | None = None
    es_flavor: Literal["elasticsearch", "compatible"] = "elasticsearch"
    # Credentials apart from the URL (a password with / # % would not survive inside it).
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_api_key: SecretStr | None = None
    # Bulk refresh of index writes: "false" (searchable within the 1 s refresh interval) in
    # production; deletions always wait for the refresh. "true" forces one per write (tests).
    es_refresh: Literal["false", "wait_for", "true"] = "false"
    redis_url: str | None = None
    embedder: str = "use"
    # Base of QR-code links; unset: the address served (`fairmatch serve` fills it in, the LAN
    # address when listening on 0.0.0.0), else the address each request reached.
    public_url: str = ""
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    candidate_pool: int = Field(default=200, ge=10, le=2000)
    download_limit_per_hour: int = Field(default=60, ge=1)
    download_resume_limit_per_hour: int = Field(default=3000, ge=1)
    export_sync_max: int = Field(default=100, ge=1)
    export_ttl_hours: int = Field(default=24, ge=1)
    # Background exports building at once per firm, and how often expired export files are purged.
    export_max_building_per_account: int = Field(default=2, ge=1)
    export_purge_every_seconds: float = Field(default=600.0, gt=0)
    # Burst limits per window; 0 disables one limit. A fair's Wi-Fi puts hundreds of phones
    # behind one address, so per-address limits are generous and per-account ones tight.
    rate_limit_enabled: bool = True
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    rate_limit_resumes_per_ip: int = Field(default=300, ge=0)
    rate_limit_applications_per_account: int = Field(default=60, ge=0)
    rate_limit_applications_per_ip: int = Field(default=3000, ge=0)
    rate_limit_downloads_per_account: int = Field(default=120, ge=0)
    # Page views and scans counted per address and window (a fair's Wi-Fi shares one address:
    # beyond this, hits still answer but no longer count; the hits API answers 429).
    rate_limit_hits_per_address: int = Field(default=300, ge=0)
    trust_forwarded_for: bool = False
    # Résumés are purged this many days after the seeker's last fair unless saved again since
    # (services/resumes/retention.py); the app sweeps every retention_sweep_seconds (0: never).
    retention_days: int = Field(default=180, ge=1)
    retention_sweep_seconds: int = Field(default=3600, ge=0)
    # Login throttling (services/auth/throttle.py): failures before waits of 2, 4, 8 … seconds.
    login_free_failures_per_account: int = Field(default=5, ge=1)
    login_free_failures_per_address: int = Field(default=30, ge=1)
    login_max_wait_seconds: int = Field(default=900, ge=1)
    # Anonymous posting lists and searches are answered from memory for this long (0: never).
    public_cache_seconds: float = Field(default=1.0, ge=0, le=10)
    # With Redis, processes announce listing changes to each other within ≈ 0.5 s, so such
    # answers are kept this long instead (services/postings/listing_changes.py).
    public_cache_announced_seconds: float = Field(default=30.0, ge=0, le=300)
    # Celery: a task not acknowledged within this many seconds is given to another worker.
    celery_visibility_timeout: int = Field(default=300, ge=1)
    # BLAS/torch threads an embedder may use (one per worker keeps requests from starving).
    embed_threads: int = Field(default=1, ge=1, le=64)
    # One-time codes for "find my résumé": `log` writes them to the server log (development),
    # `tencent` sends them through Tencent Cloud SMS (all tencent_* fields required).
    sms_backend: Literal["log", "tencent"] = "log"
    tencent_secret_id: str = ""
    tencent_secret_key: str = ""
    tencent_sms_app_id: str = ""
    tencent_sms_sign: str = ""
    tencent_sms_template: str = ""
    tencent_sms_endpoint: str = "https://sms.tencentcloudapi.com"

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'fairmatch.db'}"
        if not self.admin_token.startswith(ORGANIZER_PREFIX):
            msg = (
                f"FAIRMATCH_ADMIN_TOKEN must be an organizer token starting with {ORGANIZER_PREFIX}"
                " (any other value would answer every request with 401 Invalid token): unset it"
                " and run `fairmatch create-organizer`, which prints one, or set it to"
                f" {ORGANIZER_PREFIX} followed by a long random string"
            )
            raise ValueError(msg)
        if self.environment == Environment.production and self.admin_token == DEV_ADMIN_TOKEN:
            msg = "FAIRMATCH_ADMIN_TOKEN must be set to a secret outside development"
            raise ValueError(msg)
        if self.sms_backend == "tencent" and not all(
            (
                self.tencent_secret_id,
                self.tencent_secret_key,
                self.tencent_sms_app_id,
                self.tencent_sms_sign,
                self.tencent_sms_template,
            )
        ):
            raise ValueError("FAIRMATCH_SMS_BACKEND=tencent needs every FAIRMATCH_TENCENT_* value")
        if self.search_backend == SearchKind.elasticsearch and not self.es_url:
            raise ValueError(
                "FAIRMATCH_ES_URL is required with FAIRMATCH_SEARCH_BACKEND=elasticsearch"
            )
        return self

    @property
    def async_database_url(self) -> str:
        """The URL with an async driver (aiosqlite or psycopg)."""
        return to_async_url(self.database_url)

    @property
    def sync_database_url(self) -> str:
        """The URL with a sync driver, for Alembic."""
        return to_async_url(self.database_url).replace("sqlite+aiosqlite", "sqlite")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def to_async_url(url: str) -> str:
    """Map plain sqlite:// and postgresql:// URLs to their async drivers."""
    if url.startswith("sqlite://"):
        return url.replace("sqlite://", "sqlite+aiosqlite://", 1)
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
