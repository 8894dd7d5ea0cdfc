# Two commands from a fresh clone: `make handouts` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: handouts test setup setup-test clean

$(BIN)/vertebro-print: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/vertebro-print
	@scripts/system-deps.sh runtime

setup-test: $(BIN)/vertebro-print
	@scripts/system-deps.sh test

handouts: setup
	$(BIN)/vertebro-print build --out $(OUT)

test: setup-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) $(OUT)
