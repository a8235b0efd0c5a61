# One entry point for every task. `make help` lists them.
# The two commands a newcomer needs: `make site` and `make test`.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BENCH_STAMP := node_modules/.installed-bench
export NO_MKDOCS_2_WARNING := 1

.PHONY: help
help: ## List the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# --- Set-up -----------------------------------------------------------------------------------
# uv (pinned) installs the lock's exact versions: 11 s instead of pip's 83 s on a fresh 2-core machine.
# --compile-bytecode (+12 s, once): a Python run with PYTHONDONTWRITEBYTECODE=1 (CI containers often set
# it) never keeps the bytecode it compiles, so every process of a build or a test run (workers, builds,
# CLIs, snippets) compiled pandas, altair, frictionless, MkDocs… from source again: importing them took
# 4.8-6.2 s instead of 2.0-2.2 s on a fresh clone.
UV_VERSION := 0.13.9
$(PY_STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON_SYS) >/dev/null || { echo "Python 3.11+ is needed: sudo apt-get install python3 python3-venv"; exit 1; }
	$(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	@touch $@

# --omit=dev: Lighthouse (package.json devDependencies: 141 of the 255 packages) only serves `make bench`.
$(NODE_STAMP): package-lock.json package.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are needed: sudo apt-get install nodejs npm"; exit 1; }
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@touch $@

$(BENCH_STAMP): $(NODE_STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP) $@

.PHONY: install
install: $(PY_STAMP) $(NODE_STAMP) ## Create .venv and node_modules from the lock files
	@build_scripts/install_system_deps.sh

.PHONY: install-test
install-test: install ## Also install the Debian packages the tests need (Chromium and its headless shell)
	@build_scripts/install_system_deps.sh --with-browser

.PHONY: lock
lock: $(PY_STAMP) ## Re-resolve pyproject.toml's ranges into requirements.lock
	$(PY) -m pip install --quiet --upgrade -e '.[test]' && \
	  { echo "# Exact versions resolved and tested together (Python 3.11). Regenerate: make lock"; \
	    $(PY) -m pip freeze --exclude-editable | grep -vE '^(pip|setuptools|wheel|uv)=='; } > requirements.lock

# --- Data ---------------------------------------------------------------------------------------
.PHONY: validate
validate: $(PY_STAMP) ## Validate the data (BASE=<git ref> also rejects silent revisions; REPORT=github: PR annotations + summary)
	@# BASE is read by the shell only (never expanded by make); with it the maintainer entry runs the
	@# validator and then the silent-revision check (the validator itself knows nothing of git).
	$(if $(filter github,$(REPORT)),$(PY) -m build_scripts.maintainer.pr_report $${BASE:+--base "$$BASE"},if [ -n "$${BASE:-}" ]; then $(PY) -m build_scripts.maintainer.revisions --base "$$BASE"; else $(PY) -m build_scripts.validate; fi)

.PHONY: fix-data
fix-data: $(PY_STAMP) ## Normalise an Excel export in place: make fix-data FILE=path/to/file.csv
	@test -n "$(FILE)" || { echo "Usage: make fix-data FILE=datapackages/hubei-quality/data/observations.csv"; exit 2; }
	$(PY) -m build_scripts.maintainer.normalize "$(FILE)"

.PHONY: diff-data
diff-data: $(PY_STAMP) ## Describe the data change against BASE (default origin/main; FORMAT=markdown; SUMMARY=file)
	$(PY) -m build_scripts.maintainer.diff_data --base "$${BASE:-origin/main}" $(if $(FORMAT),--format $(FORMAT)) $${SUMMARY:+--append-to "$$SUMMARY"}

# --- Site ---------------------------------------------------------------------------------------
.PHONY: site
site: install ## Install, validate and build the static site into site/
	$(PY) -m build_scripts.pipeline

.PHONY: serve
serve: site ## Build, then serve site/ at http://127.0.0.1:8000/ (gzip and CORS as on GitHub Pages)
	$(PY) -m build_scripts.common.http_server --dir site --port 8000

.PHONY: preview
preview: install ## Build, serve at http://127.0.0.1:8000/, rebuild on every save; the open page reloads itself
	$(PY) -m build_scripts.preview --port 8000

# --- Checks -------------------------------------------------------------------------------------
# zizmor and actionlint run once, in tests/test_workflows.py (with the workflow policy checks):
# `make lint` runs that file alone, `make test` runs it with every other test.
.PHONY: ruff
ruff: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: lint
lint: ruff ## ruff (lint + format check), then zizmor, actionlint and the workflow policy
	$(PY) -m pytest -q -n 0 tests/test_workflows.py

# pytest runs in parallel (pytest-xdist, options in pyproject.toml). Its exit code 5 ("no tests
# collected") fails this recipe like any other non-zero code: never mask it.
.PHONY: test
test: install-test ruff ## Install what the tests need, ruff, and every test (workflow linters included)
	$(PY) -m pytest

.PHONY: check
check: validate test ## Everything CI runs

.PHONY: bench
bench: install-test $(BENCH_STAMP) ## Benchmark clean/incremental/×30 builds, page weight, Lighthouse (CI_RUN=1: also .ci/run; not a test)
	$(PY) -m build_scripts.bench $(if $(CI_RUN),--ci-run) $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove build output and caches (keeps .venv and node_modules)
	rm -rf site site.tmp-* site.old-* build .cache bench-results
