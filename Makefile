# Every task a developer or CI runs. CI calls `make test` through .ci/run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock

.DEFAULT_GOAL := test
.PHONY: run simulate serve-prod messages screenshots test lint format lock clean chromium

# The virtualenv is rebuilt when the dependencies or their pinned versions change.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c $(LOCK) -e '.[dev]'
	touch $@

# The live demo: migrates var/wijkdialoog.sqlite3, loads the demo dialogue, serves it on
# 127.0.0.1:8000 with 40 simulated participants. `make simulate` is the offline figures run.
run: $(STAMP) messages
	$(BIN)/wijkdialoog demo --participants 40

# The production path on this machine: PostgreSQL and Redis, WORKERS server processes on
# 127.0.0.1:8000 (docs/operations.md). Creates the database `wijkdialoog` if missing.
WORKERS ?= 3
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wijkdialoog
PROD_REDIS_URL ?= redis://127.0.0.1:6379/1
serve-prod: $(STAMP) messages var/secret-key
	@psql "$(PROD_DATABASE_URL:/wijkdialoog=/postgres)" -tAc \
	  "SELECT 1 FROM pg_database WHERE datname = 'wijkdialoog'" | grep -q 1 || \
	  psql "$(PROD_DATABASE_URL:/wijkdialoog=/postgres)" -qc "CREATE DATABASE wijkdialoog"
	DATABASE_URL="$(PROD_DATABASE_URL)" REDIS_URL="$(PROD_REDIS_URL)" \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret-key)}" \
	  $(BIN)/wijkdialoog serve --workers $(WORKERS)

# A secret of this machine's own for `make serve-prod`, made once, never committed.
var/secret-key: $(STAMP)
	mkdir -p var
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

simulate: $(STAMP)
	$(BIN)/wijkdialoog simulate --participants 155 --minutes 90 --seed 1

# Compile the translations (.po -> .mo); the .mo files are build output, not committed.
messages: $(STAMP)
	cd wijkdialoog/web && ../../$(BIN)/django-admin compilemessages -v0

test: $(STAMP) lint messages chromium
	$(BIN)/pytest

# The browser tests drive Debian's Chromium (Playwright downloads no browser here).
# pdftoppm (poppler-utils) renders the report's PDF pages for `make screenshots`.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils; \
	fi

# Refresh the README's screenshots: the live pages from the browser test, then the report
# (HTML in Chromium, PDF pages through pdftoppm).
screenshots: $(STAMP) messages chromium
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser
	$(BIN)/python scripts/report_screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy wijkdialoog/engine
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Resolve the newest versions allowed by pyproject.toml in a throw-away venv and pin them.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --upgrade pip
	.venv-lock/bin/python -m pip install -e '.[dev]'
	mkdir -p requirements
	{ echo '# Pinned by `make lock` (pip freeze of .[dev]); used as a pip constraints file.'; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable; } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-lock build dist *.egg-info \
		.pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
