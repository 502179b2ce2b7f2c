# China–ASEAN trade workbook. `make run` runs everything on the shipped data; `make test` tests it.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PARAMS ?= notebooks/params/default.yaml
# The edition: `make run LANG=zh-Hans` writes the Chinese briefing (outputs/zh-Hans/briefing.zh-Hans.html …). Only a LANG
# given on make's command line counts (the shell's LANG is a locale such as C.UTF-8); recipes then keep a real locale.
EDITION := $(if $(filter command line,$(origin LANG)),$(LANG))
ifneq ($(EDITION),)
export LC_ALL := C.UTF-8
endif
# The message catalogue every composed sentence goes through (tradebook.language): .po in the repository, .mo compiled
LOCALES := src/tradebook/locale
CATALOGUES := $(LOCALES)/zh_Hans/LC_MESSAGES/tradebook

## Create .venv from the full lock (requirements.lock), register the 'tradebook' kernel and the git hooks (idempotent)
setup: $(VENV)/.done
$(VENV)/.done: requirements.lock requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m tradebook kernel
	@if [ -d .git ]; then $(VENV)/bin/pre-commit install >/dev/null && $(VENV)/bin/nbdime config-git --enable >/dev/null \
	    || echo "note: git hooks (pre-commit, nbdime) not installed; run them by hand"; fi
	@command -v java >/dev/null || $(MAKE) --no-print-directory java || echo "Java 17 could not be installed: ENGINE=spark will not start (DuckDB, the default, needs none)"
	@{ command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; } || $(MAKE) --no-print-directory chromium \
	    || echo "Chromium or the CJK font could not be installed: briefings will be written as HTML only (no PDF), or print Chinese names as boxes"
	touch $@

## Compile the message catalogue (.po → .mo, Babel; placeholders checked) that the Chinese edition is written from
catalogue: $(CATALOGUES).mo
$(CATALOGUES).mo: $(CATALOGUES).po $(VENV)/.done
	$(PY) -m tradebook catalogue

## Collect every sentence the package composes (language.text, language.marked) into the catalogue's template and merge it into each .po; then translate the new entries and `make catalogue`
messages: setup
	$(VENV)/bin/pybabel extract -F $(LOCALES)/babel.cfg --no-default-keywords $(foreach k,text marked heading section section_with_table,-k $(k):1) \
	    --no-location --sort-output --project tradebook -o $(LOCALES)/tradebook.pot src/tradebook notebooks
	sed -i '/^#, python-format$$/d' $(LOCALES)/tradebook.pot  # placeholders are str.format ({rate}); a "%" is a percent sign
	test -f $(CATALOGUES).po || $(VENV)/bin/pybabel init -i $(LOCALES)/tradebook.pot -d $(LOCALES) -D tradebook -l zh_Hans
	$(VENV)/bin/pybabel update --no-fuzzy-matching --omit-header -i $(LOCALES)/tradebook.pot -d $(LOCALES) -D tradebook -l zh_Hans

## Re-resolve requirements.txt + requirements-dev.txt with pip-tools into requirements.lock: every package, its version and hashes (keeps locked versions unless a pin moved)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet pip-tools==7.6.2
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	    -o requirements.lock requirements.txt requirements-dev.txt
	rm -rf .lock-venv

## Lint and format check (ruff; notebooks are linted, not reformatted), the layer contracts (import-linter: imports point down), the type checker (mypy on src/)
lint: setup
	$(VENV)/bin/ruff check src tests benchmarks notebooks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

## Install Debian's Chromium, which prints the PDF briefing, the CJK font its Chinese names need, and poppler (the PDF layout test) (needs root / apt-get)
chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null

## Install Debian's Java 17, which Apache Spark runs on (make refresh ENGINE=spark) (needs root / apt-get)
java:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null

## Rebuild data/processed from data/raw (verifies every checksum)
data: setup
	$(PY) -m tradebook build

## Run the notebooks (each after those it reads, JOBS at once; unchanged ones reused, FORCE=1 reruns all; ONLY=02 that one and those reading it), then the briefing and annex
ONLY ?=
run: setup catalogue strip
	$(PY) -m tradebook run $(ONLY) --params $(PARAMS) $(if $(JOBS),-j $(JOBS)) $(if $(FORCE),--force) $(if $(EDITION),--language $(EDITION))

## Rebuild the briefing (HTML, PDF, annex) from the outputs there whenever any of its inputs changed
briefing: setup catalogue
	$(PY) -m tradebook briefing --params $(PARAMS) $(if $(EDITION),--language $(EDITION))

## Product-level data for PARAMS from UN Comtrade (COMTRADE_API_KEY if set; LEVEL=HS6 with a key), or BACI=path/to/BACI_*.zip (ENGINE=spark: reduced on Spark, SPARK_MASTER or local[2]), or GACC=page.html (or a folder of GACC release pages saved from its site)
LEVEL ?=
BACI ?=
GACC ?=
ENGINE ?= duckdb
refresh: setup
	$(PY) -m tradebook refresh --params $(PARAMS) $(if $(LEVEL),--level $(LEVEL)) $(if $(BACI),--baci $(BACI) --engine $(ENGINE)) $(if $(GACC),--gacc $(GACC))

## One briefing per ASEAN member and for ASEAN-10, in JOBS worker processes, into outputs/batch/ (LANG=zh-Hans: outputs/batch/zh-Hans/)
batch: setup catalogue
	$(PY) -m tradebook batch --params-dir notebooks/params/batch -j $(or $(JOBS),2) $(if $(EDITION),--language $(EDITION))

## Benchmarks, min/median/max over rounds: pipeline vs its fair floor and naive papermill, the edit loop, batch, BACI ingest, DuckDB vs Spark, the panel (outputs/bench/)
BENCH_MEMBERS ?= 4
bench: setup
	cd benchmarks && ../$(PY) run.py --members $(BENCH_MEMBERS)

# nbval's kernels write into outputs/nbval (named for them, so not a scratch folder each): 07 reads what 01–06 wrote there
NBVAL := TRADEBOOK_OUTPUTS=$(CURDIR)/outputs/nbval $(PY) -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

## Unit tests first (a broken change fails in minutes), then the whole-notebook tests with the quick rows of the parameter-space table, then the notebooks under nbval (lax mode)
test: setup catalogue
	$(PY) -m pytest tests -m "not matrix and not workbook"
	$(PY) -m pytest tests -m "workbook and not matrix"
	$(NBVAL)

## The unit tests only, without the tests that run whole notebooks (about 1 min 20 s on 2 cores)
test-fast: setup catalogue
	$(PY) -m pytest tests -m "not matrix and not workbook"

## As `test`, with every row of tests/parameter_space.csv (about 20 minutes on 2 cores)
test-all: setup catalogue
	$(PY) -m pytest tests
	$(NBVAL)

## Open JupyterLab on the notebooks with the project's kernel
lab: setup
	$(VENV)/bin/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

## Remove outputs from committed notebooks, except the cells nbval checks (run before committing)
strip: setup
	$(PY) -m tradebook strip

## After `make run`: record the checked cells' outputs as nbval's reference, then strip
record: setup
	$(PY) -m tradebook strip --record

## Delete generated data and outputs (keeps .venv)
clean:
	rm -rf data/processed data/external outputs .pytest_cache

## List the targets
help:
	@awk '/^## /{doc=substr($$0,4)} /^[a-z-]+:/{if(doc){split($$0,t,":"); printf "  %-9s %s\n", t[1], doc; doc=""}}' $(MAKEFILE_LIST)

.PHONY: setup catalogue messages lock lint chromium java data run refresh briefing batch bench test test-fast test-all lab strip record clean help
