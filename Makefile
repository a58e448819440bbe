# Two commands do everything: `make` reruns every notebook and regenerates figures/,
# `make test` runs every test. Both first build .venv from requirements.lock when it is
# missing or older than the lock file (a stale venv is rebuilt from scratch, never patched).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
LOCK   := requirements.lock

.PHONY: all run test lab lock clean
.DEFAULT_GOAL := all

all: run

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed: set PYTHON=/path/to/python3.11")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $(STAMP)

run: $(STAMP)  ## rerun every notebook in place and regenerate figures/
	$(BIN)/python -m helpers run

test: $(STAMP)  ## unit tests, nbval over every notebook, figure reproduction
	$(BIN)/python -m pytest

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

lock: $(STAMP)  ## re-resolve every pin (transitive ones too) into requirements.lock
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-find-links --no-emit-index-url -o $(LOCK) pyproject.toml

clean:  ## remove the virtual environment
	rm -rf $(VENV)
