# `make run`: the tool with a demo article on SQLite at http://127.0.0.1:5000.  `make test`: the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test
run: $(VENV)/installed
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "Serving on http://127.0.0.1:5000  (log in with the demo login above; Ctrl-C stops)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(VENV)/installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
