# riskreg: `make run` sets everything up and lists the shipped register; `make test` tests it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint typecheck check clean chromium pdf-libraries pack-picture

# Each target installs what it needs and no more: running needs riskreg and its runtime
# dependencies; the tests add pytest and friends and the PDF extra; lint and typecheck the
# dev tools; the bench its tools. A stamp per set; pyproject.toml changing redoes them all.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(VENV)/.installed-%: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	touch $@

run: $(STAMP)
	$(BIN)/riskreg list

test: $(VENV)/.installed-test chromium pdf-libraries
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

# The PDF pack (tests/test_pack_pdf.py): WeasyPrint's Pango and fonts, and poppler's
# pdftoppm to draw its pages. Installed when missing, as for chromium; not by 'make run'.
PDF_PACKAGES := poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-libraries:
	@if command -v pdftoppm >/dev/null && ldconfig -p | grep -q libpangoft2-1.0; then :; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "install Pango (libpangoft2) and poppler-utils: the PDF pack tests need them"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); \
	else \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); \
	fi

# The README's picture of the pack's first page: the shipped register after a scripted quarter.
pack-picture: $(VENV)/.installed-test pdf-libraries
	@folder=$$(mktemp -d) && \
	$(BIN)/python tests/scripted_quarter.py $$folder/register && \
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile $$folder/register/pack.pdf docs/pack-page-1 && \
	rm -rf $$folder

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The benchmark table: each figure beside its reference from the same run (bench/run.py).
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py
