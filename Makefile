# Quick start:  make demo   (set up, then analyse the example article)
#               make serve  (set up, then the web UI and API on http://127.0.0.1:8000/)
#               make test   (set up with the dev tools, then lint, type-check and run every test)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/valdoria-report.txt

.PHONY: demo serve test setup setup-dev lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

setup-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: setup
	$(BIN)/unspin analyze $(EXAMPLE) --published 2026-03-14 --outlet valdoria-today.example \
		--format html -o out/valdoria-report.html
	$(BIN)/unspin analyze $(EXAMPLE) --published 2026-03-14 --outlet valdoria-today.example
	@echo
	@echo "HTML report: out/valdoria-report.html"

serve: setup
	$(BIN)/unspin serve

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

test: setup-dev lint typecheck pytest

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache
