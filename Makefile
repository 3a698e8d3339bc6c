# `make run`: the tool with a demo article on SQLite at http://127.0.0.1:5000.
# `make serve`: the production server, gunicorn with gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS, BIND),
#               JSON log lines, and `flask jobs worker` beside it, after migrating DATABASE_URL.
# `make test`: the linters, the type checker, the layer contracts and the whole suite; fails if any fails.
# `make lock`: requirements.txt (pinned, with hashes) regenerated from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CODE := annotator tests bench app.py gunicorn.conf.py migrations

.PHONY: run serve test check lock
run: $(VENV)/installed
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@echo "Serving on http://127.0.0.1:5000  (log in with the demo login above; Ctrl-C stops)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# The jobs run in a worker process of their own beside gunicorn; it stops when the server stops.
serve: $(VENV)/installed
	$(BIN)/flask db upgrade
	export JOBS_WORKER=external; \
	$(BIN)/flask jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --config gunicorn.conf.py

test: check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(VENV)/installed
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/lint-imports
	$(BIN)/mypy

lock: $(VENV)/installed
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --no-strip-extras --python-version 3.11 -o requirements.txt

# The lock pins every package with its hashes; pip before 25 misreads some of its extras.
$(VENV)/installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check pip==25.3
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
