# China–ASEAN trade workbook. `make run` runs everything on the shipped data; `make test` tests it.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PARAMS ?= notebooks/params/default.yaml

## Create .venv with the pinned dependencies and register the 'tradebook' kernel (idempotent)
setup: $(VENV)/.done
$(VENV)/.done: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m tradebook kernel
	touch $@

## Rebuild data/processed from data/raw (verifies every checksum)
data: setup
	$(PY) -m tradebook build

## Run every notebook in order with papermill into outputs/notebooks (PARAMS=file to change)
run: setup strip
	$(PY) -m tradebook run --params $(PARAMS)

## Unit tests, then the notebooks under nbval (lax mode, checked cells compared)
test: setup
	$(PY) -m pytest tests
	$(PY) -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

## Open JupyterLab on the notebooks with the project's kernel
lab: setup
	$(VENV)/bin/jupyter lab notebooks

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
	@awk '/^## /{doc=substr($$0,4)} /^[a-z]+:/{if(doc){split($$0,t,":"); printf "  %-8s %s\n", t[1], doc; doc=""}}' $(MAKEFILE_LIST)

.PHONY: setup data run test lab strip record clean help
