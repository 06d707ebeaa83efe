# The executable README: `make run` serves the portal, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install install-dev messages gettext-tools browser run data migrate test test-fast lint audit deploy-check serve bench load-test fault-test memory-test bench-search cluster cluster-test cluster-tools clean

# What serving needs (`make run`, `make serve`), and on top of it the development and test
# tools (`make test`, `make lint`).
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $@

# Redocly CLI, which lints the OpenAPI schema, from the npm registry at the version
# package-lock.json pins (into node_modules/, not committed).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: install Node.js 20.19+ to lint the API schema with Redocly."; fi

# The interface's translations (locale/*/LC_MESSAGES/django.po), compiled for gettext with
# GNU gettext's msgfmt (Debian package `gettext`), installed here when missing and we may.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED_CATALOGS := $(CATALOGS:.po=.mo)

gettext-tools:
	@if ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing GNU gettext to compile the translations ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "msgfmt is missing: install the 'gettext' package to compile the translations." >&2; exit 1; \
	  fi; \
	fi

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(BIN)/.installed gettext-tools
	msgfmt --check-format -o $@ $<

messages: $(COMPILED_CATALOGS)

install: $(BIN)/.installed messages

install-dev: $(BIN)/.installed-dev node_modules/.package-lock.json messages

migrate: install
	mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

data: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_portal_data
	DJANGO_DEBUG=1 $(BIN)/python manage.py check_data

run: data
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive the system's Chromium (Debian package `chromium`); install it
# when it is missing and we may (root), otherwise say how.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: install the 'chromium' package to run the browser tests."; \
	  fi; \
	fi

# Style, the layering of DESIGN.md §2 (import-linter), types of core/ and search/ (mypy),
# and models without their migration.
lint: install-dev
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/mypy
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py check_translations

# Every test, in parallel on every core (pytest-xdist).
test: lint browser
	$(BIN)/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# The inner loop: everything but the browser tests and the tests that reload the data.
test-fast: install-dev
	$(BIN)/pytest -n auto --dist loadgroup -m "not browser and not slow" $(PYTEST_ARGS)

# Known vulnerabilities in the installed dependencies (pip-audit, PyPI's advisory data).
audit: install-dev
	scripts/audit

# The production settings (debug off, HTTPS redirect on) pass Django's deployment checks.
deploy-check: install
	mkdir -p var
	DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=portal.example.org DJANGO_SECURE_SSL_REDIRECT=1 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# The production stack on loopback: PostgreSQL (DATABASE_URL, default the local server's
# database "portal"), gunicorn with several workers, compressed hashed static files.
serve: install
	scripts/serve

# Latency and throughput of pages and API against a static file, at 1x, 10x and 100x
# data, each in its own database (docs/benchmarks.md). Needs wrk and PostgreSQL.
bench: install-dev cluster-tools
	$(BIN)/python tests/load/bench.py

# 60 s of load at capacity must end with no 5xx; then PostgreSQL is stopped mid-load
# (503, then recovery). Both need wrk and the local PostgreSQL cluster.
load-test: install-dev cluster-tools
	$(BIN)/python tests/load/load_and_faults.py load

fault-test: install-dev cluster-tools
	$(BIN)/python tests/load/load_and_faults.py faults

# Ten thousand unique junk query strings leave the workers' memory flat; distinct real
# lists fill the cache up to its entry cap, then no further (docs/benchmarks.md).
memory-test: install-dev cluster-tools
	$(BIN)/python tests/load/load_and_faults.py memory

# HAProxy, Redis and wrk for the cluster and the load measurements, from Debian's
# packages: installed when missing and we may (root), otherwise named.
cluster-tools:
	@missing=""; for tool in haproxy redis-server wrk curl; do \
	  command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing for the cluster ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing for the cluster:$$missing (Debian's packages)."; exit 2; \
	  fi; \
	fi

# Two portal nodes behind HAProxy on a PostgreSQL primary and streaming replica, with one
# Redis, on loopback (docs/deployment.md); Ctrl-C stops everything.
cluster: install cluster-tools
	scripts/cluster

# The cluster under 60 s of load while one node, then the replica, is stopped: no request
# fails beyond what the balancer sends again, every process serves one data version.
cluster-test: install cluster-tools
	scripts/cluster-test

# Search latency on the real data and a synthetic 100x copy (see docs/benchmarks.md).
bench-search: data
	DJANGO_DEBUG=1 $(BIN)/python manage.py benchmark_search

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
