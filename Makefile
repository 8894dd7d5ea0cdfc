# Two commands from a fresh clone: `make handouts` and `make test` (see README.md).
# .venv is built from requirements.lock (exact versions with hashes), so every machine runs
# the versions CI ran; `make lock` moves them, `make test-latest` tries the newest first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out
LATEST := .venv-latest
UV     = VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bootstrap/bin/uv pip
# pytest-xdist workers: both cores by default (PYTEST_WORKERS=0 runs in one process).
PYTEST_WORKERS ?= 2
# Whole files to a worker (module fixtures run once), in the order tests/conftest.py gives.
PYTEST_DIST = --dist loadfile --no-loadscope-reorder
LOCK_COMMAND = pip compile pyproject.toml requirements-build.in --extra test --generate-hashes \
               --universal --python-version 3.11 -o requirements.lock

.PHONY: handouts test check test-latest lock setup setup-test bytecode clean

# A new lock rebuilds the environment from scratch, so nothing unlocked lingers in it.
# pip installs only uv (its own entry in the lock, hashes checked), into .venv/bootstrap; uv
# installs the rest, hashes checked too, in a few seconds where pip takes twenty. The venv
# itself has no pip: ensurepip spent 3 s of a fresh `make test` installing pip and setuptools,
# which nothing here uses. Python's own pip does the one install; a Python without pip gives
# the venv its pip after all. Compiled to bytecode at install (pip did that, uv does not by
# default): where PYTHONDONTWRITEBYTECODE is set, as on this CI image, every process would
# otherwise compile WeasyPrint again (import 0.5 s -> 1.2 s).
$(BIN)/vertebro-print: requirements.lock pyproject.toml
	@scripts/system-deps.sh runtime  # PyICU builds against Debian's ICU
	rm -rf $(VENV)
	$(PYTHON) -m venv --without-pip $(VENV)
	sed -n '/^uv==/,/[^\\]$$/p' requirements.lock > $(VENV)/uv-requirement.txt
	if $(PYTHON) -m pip --version >/dev/null 2>&1; then pip="$(PYTHON) -m pip"; \
	else $(BIN)/python -m ensurepip --default-pip >/dev/null && pip="$(BIN)/pip"; fi; \
	PIP_ROOT_USER_ACTION=ignore $$pip install --quiet --disable-pip-version-check \
	    --require-hashes --no-deps --target $(VENV)/bootstrap -r $(VENV)/uv-requirement.txt
	$(UV) install --quiet --require-hashes --no-deps --compile-bytecode -r requirements.lock
	$(UV) install --quiet --no-deps --no-build-isolation -e .
	$(UV) check --quiet
	@touch $@

# The package's own bytecode too, kept current (quick when it is).
bytecode: $(BIN)/vertebro-print
	@$(BIN)/python -m compileall -q src

setup: bytecode
	@scripts/system-deps.sh runtime

setup-test: bytecode
	@scripts/system-deps.sh test

handouts: setup
	$(BIN)/vertebro-print build --out $(OUT)

test: setup-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST)

# The fast loop for developers: lint, format check and the tests that render little
# (no browser, no whole-matrix builds). `make test` stays the full suite for CI.
check: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) -m "not slow and not browser" -q

# Regenerate the lock with the newest versions pyproject.toml allows (see README, "Upgrading").
lock: $(BIN)/vertebro-print
	$(BIN)/uv $(LOCK_COMMAND) --upgrade

# The canary: a throwaway environment with the newest versions pyproject.toml allows, not
# the lock, and the whole suite on it. A release that breaks us shows here before the lock
# moves to it.
test-latest: setup-test
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade pip
	$(LATEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	@echo "Versions that differ from requirements.lock:"
	@$(LATEST)/bin/python scripts/lock-diff.py requirements.lock
	$(LATEST)/bin/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_DIST) -p no:cacheprovider

clean:
	rm -rf $(VENV) $(LATEST) $(OUT)
