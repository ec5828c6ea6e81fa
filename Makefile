# tenseq: two commands on a fresh Debian machine.
#   make demo   set everything up, then run the whole pipeline on the bundled demo
#   make test   set everything up, then run the test suite (lint included)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.tenseq-setup-stamp
CORES ?= 2
# pytest-xdist workers for `make test`: tests sharing a demo run stay on one worker
# (tests/conftest.py groups them). Three on two cores: the worker running the SLURM
# tests mostly waits on the scheduler. 0 runs the suite in one process.
TEST_WORKERS ?= 3
DEMO_DIR := demo
SECACTPY := secactpy==0.3.1
# CytoSig's own package: its expanded 51-cytokine signature (ligands source cytosig_expand).
# Installed without its compiled dependency (data_significance), which tenseq does not use.
CYTOSIG := CytoSig==0.0.3
# The SLURM executor plugin lives outside site-packages, on sys.path only for a snakemake
# command line that uses it (src/tenseq/slurm_plugin.py): importing it runs scontrol,
# seconds on every start where the SLURM client is installed and no controller answers.
SLURM_PLUGIN := snakemake-executor-plugin-slurm==2.8.0

# command -> Debian package providing it
# (chromium renders the summary page in the tests)
TOOLS := STAR:rna-star salmon:salmon featureCounts:subread samtools:samtools fastp:fastp \
	chromium:chromium

.PHONY: help setup tools venv demo demo-data test test-fast lint format lock bench clean

help:
	@echo "make demo   - set up and run the pipeline on the bundled demo data"
	@echo "make test   - set up and run lint + the test suite"
	@echo "make lint   - ruff, snakefmt --check and snakemake --lint"
	@echo "make bench  - benchmarks that need no outside data (see benchmarks/run_all.py)"

setup: tools venv

tools:
	@missing=""; \
	for pair in $(TOOLS); do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v "$$cmd" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	$(PYTHON) -c "import venv, ensurepip" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then echo "[setup] command-line tools present"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "[setup] missing tools:$$missing"; \
	  echo "[setup] install them as root:  apt-get install -y$$missing   (or use environment.yml with conda)"; \
	  exit 1; \
	fi; \
	echo "[setup] installing with apt:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@echo "[setup] creating $(VENV) from requirements.lock"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	# secactpy declares numpy<2; its ridge/permutation code runs on the pinned numpy 2.
	$(BIN)/pip install -q --no-deps $(SECACTPY)
	$(BIN)/pip install -q --no-deps $(CYTOSIG)
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/pip uninstall -q -y snakemake-executor-plugin-slurm 2>/dev/null || true
	$(BIN)/pip install -q --no-deps --upgrade --target $(VENV)/slurm-plugin $(SLURM_PLUGIN)
	echo "import tenseq.slurm_plugin; tenseq.slurm_plugin.activate()" \
	  > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/tenseq-slurm.pth"
	touch $(STAMP)

demo-data: venv
	@if [ ! -s $(DEMO_DIR)/samples.tsv ]; then \
	  $(BIN)/python -m tenseq.datasets.demo $(DEMO_DIR); \
	else echo "[demo] using existing $(DEMO_DIR)"; fi

demo: setup demo-data
	$(BIN)/snakemake --cores $(CORES) --configfile config/examples/demo.yaml
	@echo "[demo] done: open results/summary.html first (all outputs in results/)"
	@$(BIN)/python -m tenseq.summary results

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint --configfile config/examples/demo.yaml

test: setup demo-data lint
	@# pytest exits 5 when it collected nothing: report that plainly instead of a bare make error.
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "[test] pytest collected no tests" >&2; fi; \
	exit $$rc

test-fast: venv
	$(BIN)/pytest -m "not workflow and not slurm"

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/snakefmt Snakefile workflow/rules

lock: venv
	@{ head -n 4 requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v -i '^secactpy==\|^cytosig=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

bench: venv
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf results logs .snakemake
