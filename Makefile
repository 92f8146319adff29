# footprint: every target creates the virtual environment on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CONFIG ?= demo
OUT    ?=
YEARS  ?= 2022
DATA   ?= data/exiobase

.DEFAULT_GOAL := help
.PHONY: help install run batch test test-browser lint notebooks data data-trade bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install footprint with its test tools

run: $(STAMP)  ## run CONFIG (default demo: the packaged illustrative demo; or a run file) into results/<run>/
	$(PY) -m footprint run $(CONFIG) $(if $(OUT),--out $(OUT))

SCHEDULER ?=
batch: $(STAMP)  ## years x scenarios of CONFIG on Dask (e.g. CONFIG=demo-series [SCHEDULER=tcp://..])
	$(PY) -m footprint batch $(CONFIG) $(if $(OUT),--out $(OUT)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

test: $(STAMP)  ## lint, type-check and run the whole test suite (one pytest-xdist worker per usable core)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -n auto --dist loadgroup

test-browser: $(STAMP)  ## render the run report in headless Chromium (needs: apt-get install chromium)
	$(PY) -m pytest -q -m browser tests/browser

lint: $(STAMP)  ## ruff and mypy only
	$(PY) -m ruff check .
	$(PY) -m mypy

notebooks: $(STAMP)  ## execute every notebook in notebooks/ on the demo (as the tests do)
	$(PY) -m pytest -q tests/notebooks

data: $(STAMP)  ## download EXIOBASE 3 pxp for YEARS="2016 2022" into DATA (needs internet)
	$(PY) -m footprint download --years $(YEARS) --out $(DATA)

data-trade: $(STAMP)  ## rebuild the vendored FAOSTAT trade subset and area table from the pinned wheels (CHECK=1: compare bytes)
	$(PY) config/trade/build_trade_data.py $(if $(CHECK),--check)

N ?= 9800
REPEAT ?= 3
LOAD ?= 0
bench: $(STAMP)  ## benchmark footprint vs pymrio on N rows (REPEAT rounds, medians; LOAD busy cores)
	$(PY) -m benchmarks.run --n $(N) --repeat $(REPEAT) --load $(LOAD)

clean:  ## remove results and caches (keeps .venv)
	rm -rf results .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
