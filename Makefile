# Every task a developer or CI runs. CI calls `make test` through .ci/run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock

.DEFAULT_GOAL := test
.PHONY: run simulate messages screenshots test lint format lock clean

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

simulate: $(STAMP)
	$(BIN)/wijkdialoog simulate --participants 155 --minutes 90 --seed 1

# Compile the translations (.po -> .mo); the .mo files are build output, not committed.
messages: $(STAMP)
	cd wijkdialoog/web && ../../$(BIN)/django-admin compilemessages -v0

test: $(STAMP) lint messages
	$(BIN)/pytest

# Refresh the README's screenshots from the browser test.
screenshots: $(STAMP) messages
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser

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
