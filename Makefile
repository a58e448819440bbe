# Two commands do everything: `make` reruns every notebook and regenerates figures/,
# `make test` runs every test. Both first build .venv from requirements.lock when it is
# missing or older than the lock file (a stale venv is rebuilt from scratch, never patched).
PYTHON   ?= python3.11
PIP_FLAGS = --quiet --disable-pip-version-check
VENV     := .venv
LAB_VENV := .venv-lab
LOCK     := requirements.lock
LAB_LOCK := requirements-lab.lock
COMPILE   = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
            --no-emit-find-links --no-emit-index-url

.PHONY: all run test test-exhaustive test-all lab classroom site test-browser lock clean git-filter
.DEFAULT_GOAL := all

all: run

# $(call make-venv,FOLDER,LOCK FILE): a fresh virtual environment holding exactly the lock's
# pins (hash-checked) and this project, editable. The stamp file marks it complete.
define make-venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is needed: make PYTHON=/path/to/python3.11")'
	rm -rf $(1)
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install $(PIP_FLAGS) --require-hashes --no-deps -r $(2)
	$(1)/bin/python -m pip install $(PIP_FLAGS) --no-deps --no-build-isolation --editable .
	touch $(1)/.installed-from-lock
endef

$(VENV)/.installed-from-lock: $(LOCK) pyproject.toml
	$(call make-venv,$(VENV),$(LOCK))

# JupyterLab has its own environment: it pulls packages (rfc3987-syntax) whose import costs
# 2.4 s in every process that reads a notebook, which the main job and the tests avoid.
$(LAB_VENV)/.installed-from-lock: $(LAB_LOCK) pyproject.toml
	$(call make-venv,$(LAB_VENV),$(LAB_LOCK))

# git's clean filter for *.ipynb (.gitattributes): a notebook saved by papermill --inplace or an
# editor is stored as our runner writes it (not a git checkout: no-op); nbconvert --execute in
# our environments writes it so (helpers/publish/normalise.py).
NBCONVERT_CONFIG = {"NotebookExporter": {"preprocessors": ["helpers.publish.normalise.NormalisePreprocessor"]}}
git-filter: $(VENV)/.installed-from-lock
	@! git rev-parse --git-dir >/dev/null 2>&1 || \
	  git config filter.notebooks.clean '$(VENV)/bin/python -m helpers.publish.normalise'
	@for v in $(VENV) $(LAB_VENV); do test ! -d $$v || { mkdir -p $$v/etc/jupyter && \
	  echo '$(NBCONVERT_CONFIG)' > $$v/etc/jupyter/jupyter_nbconvert_config.json; }; done

run: $(VENV)/.installed-from-lock git-filter  ## rerun every notebook in place and regenerate figures/
	$(VENV)/bin/python -m helpers run

# `make test` deselects the tests marked `exhaustive` (pyproject.toml's addopts); .ci/run runs them
# in a step of their own (`make test-exhaustive`) and checks that, together, every test ran.
# The tests keep compiled bytecode (__pycache__/, git-ignored) even where the environment sets
# PYTHONDONTWRITEBYTECODE: otherwise every xdist worker, kernel and test subprocess compiles
# helpers/ again and pytest rewrites every test module's asserts again (about 3 s of CPU each).
PYTEST = env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/python -m pytest
test: $(VENV)/.installed-from-lock git-filter  ## unit tests, nbval over every notebook, a command-line run (not the exhaustive tests)
	$(PYTEST)

test-exhaustive: $(VENV)/.installed-from-lock git-filter  ## only the tests `make test` leaves to CI: Dask clusters, kernels on whole notebooks, CPU variants, large inputs
	$(PYTEST) -m exhaustive

test-all: $(VENV)/.installed-from-lock git-filter  ## every test: make test and make test-exhaustive in one run
	$(PYTEST) -m ""

# JupyterLab with the project's settings (.jupyter/): the project root with notebooks/ in
# view, no news pop-up, notebooks left unmodified by opening them. For a room, e.g.
# make lab LAB_ARGS="--ip=0.0.0.0 --port=8888 --IdentityProvider.token=class"
AS_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_ARGS ?=
LAB_ENV   = JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter
CHROMIUM ?= /usr/bin/chromium
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

lab: $(LAB_VENV)/.installed-from-lock  ## open JupyterLab at the project root (LAB_ARGS: port, address, token)
	$(LAB_ENV) $(LAB_VENV)/bin/jupyter lab $(AS_ROOT) $(LAB_ARGS)

classroom: $(VENV)/.installed-from-lock  ## classroom/student/ (no outputs, no solutions) and classroom/solutions/
	$(VENV)/bin/python -m helpers.publish.classroom

# MathJax for the site's formulas comes from the pinned jupyter-server-mathjax of the Lab environment.
MATHJAX_DIR = $(LAB_VENV)/bin/python -c 'import importlib.util as u; print(u.find_spec("jupyter_server_mathjax").submodule_search_locations[0] + "/static")'
site: $(VENV)/.installed-from-lock $(LAB_VENV)/.installed-from-lock  ## site/: static offline HTML of the executed notebooks, with the figure files and MathJax
	$(VENV)/bin/python -m helpers.publish.site --mathjax "$$($(MATHJAX_DIR))"

# Every notebook in JupyterLab, driven in headless Chromium; installs Debian's chromium
# package with apt-get when it is missing (Playwright's own browser download is not used).
test-browser: $(LAB_VENV)/.installed-from-lock  ## every notebook in JupyterLab in headless Chromium
	@test -x $(CHROMIUM) || { echo "test-browser: installing Debian's chromium (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	CHROMIUM=$(CHROMIUM) timeout 1800 $(LAB_VENV)/bin/python tests/browser/lab_check.py
	CHROMIUM=$(CHROMIUM) timeout 600 $(LAB_VENV)/bin/python tests/browser/live_demo_check.py  # notebook 06: type, check

lock: $(VENV)/.installed-from-lock  ## re-resolve every pin (transitive ones too); the lab lock agrees with the main one
	$(COMPILE) --extra dev -o $(LOCK) pyproject.toml
	$(COMPILE) --extra lab --constraint $(LOCK) -o $(LAB_LOCK) pyproject.toml

clean:  ## remove the virtual environments
	rm -rf $(VENV) $(LAB_VENV)
