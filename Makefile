# FairMatch — the two commands: `make run` (demo fair, embedded default) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: run test check lint typecheck imports install install-lint install-dev system-deps system-deps-test demo clean

# Debian packages: a CJK font for PDFs (QR sheets, résumés, reports); Chromium for browser tests;
# poppler-utils (PDF pages to PNG) and zbar-tools (QR codes from PNG) for the tests that read them.
# Installed when missing and we may (root with apt-get); otherwise those features say why not.
define ensure_debian
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: missing Debian packages$$missing: PDF fonts or browser tests unavailable"; fi; \
	fi
endef

system-deps:
	$(call ensure_debian,fonts-wqy-microhei)

system-deps-test:
	$(call ensure_debian,fonts-wqy-microhei chromium chromium-driver poppler-utils zbar-tools)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Lint and type-check need the project and its test libraries, never torch (a 2 GB venv).
$(VENV)/.installed-lint: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# torch is pinned to 2.13.0 (a CPU build on these machines) before sentence-transformers pulls one.
$(VENV)/.installed-dev: $(VENV)/.installed-lint
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,st]'
	touch $@

# Apache ECharts for the organizer dashboard and Swagger UI for /docs, from the npm registry
# (no CDN at run time).
ECHARTS := frontend/static/vendor/echarts.js
CHARTS_SRC := frontend/charts/package.json frontend/charts/package-lock.json \
	frontend/charts/entry.mjs frontend/charts/build.mjs
$(ECHARTS): $(CHARTS_SRC)
	cd frontend/charts && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent

install: $(VENV)/.installed
install-lint: $(VENV)/.installed-lint
install-dev: $(VENV)/.installed-dev

run: install system-deps $(ECHARTS)
	$(BIN)/fairmatch migrate
	$(BIN)/fairmatch demo --if-empty
	$(BIN)/fairmatch serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/fairmatch demo

lint: install-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: install-lint
	$(BIN)/lint-imports

typecheck: install-lint
	$(BIN)/mypy services search matcher frontend tests bench

check: lint imports typecheck

# Lighthouse (npm, pinned in bench/lighthouse) for the accessibility tests and bench/lighthouse_bench.py.
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install-dev system-deps-test $(ECHARTS) $(LIGHTHOUSE)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache frontend/charts/node_modules frontend/static/vendor bench/lighthouse/node_modules
