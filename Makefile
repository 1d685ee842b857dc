# One entry point per task; `make help` lists them. Every target creates and uses .venv itself.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Data come from each file's pinned URL; ANALYSIS_MIRROR=DIR (a folder laid out like data/raw) or
# ANALYSIS_BASE_URL=URL (an HTTP mirror laid out the same way) take them from a mirror instead.
# `analysis` makes a relative folder absolute itself (notebooks run in their own folder); make's
# $(abspath) would split a path with a space in two.

# uv fills the environment several times faster than pip. When it is not installed, pip puts it
# into the venv first (a few seconds); pip installs everything itself only when uv cannot be had.
# --compile-bytecode writes the .pyc files as pip does by default: without them every kernel,
# worker and test process compiles pandas, matplotlib and Jupyter from source again wherever
# PYTHONDONTWRITEBYTECODE is set (containers, CI), about 1 s of CPU per process.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@UV="$$(command -v uv || true)"; \
	if [ -z "$$UV" ] && { [ -x $(BIN)/uv ] || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1; }; then \
	  UV=$(BIN)/uv; \
	fi; \
	if [ -n "$$UV" ] && VIRTUAL_ENV=$(abspath $(VENV)) "$$UV" pip install --quiet --compile-bytecode -e '.[dev]'; then \
	  echo "set up $(VENV) with uv ($$UV)"; \
	else \
	  echo "setting up $(VENV) with pip (uv could not be installed or failed)"; \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'; \
	fi
	touch $(STAMP)

.PHONY: help venv data update build report test lint format lab explore bench clean
help: ## List every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install the package with its dev tools

data: $(STAMP) ## Fetch every raw file into data/raw at its pinned vintage, verified (mirror, HTTP mirror or URLs)
	$(BIN)/analysis fetch

update: $(STAMP) ## Take in the publishers' new releases that pass validation (UPDATE_ARGS=--mirror DIR ...)
	$(BIN)/analysis update $(UPDATE_ARGS)

build: data ## Build data/processed/<dataset>.parquet with provenance sidecars
	$(BIN)/analysis build

report: $(STAMP) ## Fetch, build and regenerate the report into reports/latest, in one process (REPORT_ARGS=--force ...)
	$(BIN)/analysis report $(REPORT_ARGS)

# Tests run on every core (TEST_WORKERS=1 for one process); a notebook's nbval cells stay on one worker.
TEST_WORKERS ?= auto
test: $(STAMP) ## Run all tests: unit, real-data (needs ANALYSIS_MIRROR), notebook smoke runs, nbval; every figure checked
	ANALYSIS_FIGURE_CHECK=error $(BIN)/python -m pytest tests $(wildcard notebooks/*.ipynb) --nbval-lax --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=600 -p no:cacheprovider \
	  -n $(TEST_WORKERS) --dist loadscope --durations=10

lint: $(STAMP) ## Check formatting, lint (incl. complexity <= 15) and types: ruff format --check, ruff check, mypy
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP) ## Format the code and apply safe lint fixes
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

lab: $(STAMP) ## Open JupyterLab on 127.0.0.1 with a token
	$(BIN)/jupyter lab --no-browser --ip 127.0.0.1 --ServerApp.root_dir=notebooks \
	  $$([ "$$(id -u)" -eq 0 ] && echo --allow-root)  # containers often run as root

EXPLORE_PORT ?= 8866
explore: $(STAMP) ## Serve the explorer (notebooks/07-explorer) as a web app with Voila on 127.0.0.1, no code shown (EXPLORE_PORT=8866)
	@echo "explorer: http://127.0.0.1:$(EXPLORE_PORT)/  (starts in a few seconds; Ctrl-C stops it)"
	$(BIN)/voila notebooks/07-explorer.ipynb --strip_sources=True --no-browser \
	  --Voila.ip=127.0.0.1 --port=$(EXPLORE_PORT) --Voila.port_retries=0

bench: $(STAMP) ## Measure report regeneration, cached load times and the explorer's redraw (BENCH_ARGS=--quick skips the full runs)
	$(BIN)/python benchmarks/bench_report.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_explorer.py

clean: ## Remove processed data and reports (raw files and .venv stay)
	rm -rf data/processed/*.parquet data/processed/*.json reports
