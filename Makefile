# riskreg: `make run` sets everything up and lists the shipped register; `make test` tests it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint typecheck check clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/riskreg list

test: $(STAMP) chromium
	$(BIN)/python -m pytest

# The HTML report is checked in Debian's headless Chromium (tests/test_browser.py): install
# it when missing, as root or through sudo. Elsewhere, point RISKREG_CHROMIUM at a Chromium.
chromium:
	@if [ -n "$$RISKREG_CHROMIUM" ] || command -v chromium >/dev/null; then :; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "chromium is missing and apt-get is not here: install Chromium and set" \
	       "RISKREG_CHROMIUM=/path/to/it, or the browser test fails"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The benchmark table: each figure beside its reference from the same run (bench/run.py).
bench: $(STAMP)
	$(BIN)/python bench/run.py
