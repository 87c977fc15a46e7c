# The two commands a newcomer needs: `make run` and `make test`.
-include .env
export

# Each one builds its own virtual environment from the lock file, compiles translations
# and migrates, so a fresh clone needs nothing but Python 3.12+.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      ?= .venv
PY        := $(VENV)/bin/python
UV        := $(VENV)/bin/uv
UV_VERSION := 0.13.9
PORT      ?= 8000
STAMP     := $(VENV)/.installed

# A Python 3.12+ interpreter: PATH first, then pyenv's installs (whose shims refuse to run
# a version that is not selected), newest first.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 \
            $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3 python3; do \
            if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
              command -v $$p 2>/dev/null || echo $$p; break; fi; done)

.PHONY: help venv run test lint messages compilemessages check-deploy bench clean

help:
	@echo "make run    - serve the portal with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test   - run the whole test suite"
	@echo "make lint   - ruff"
	@echo "make messages - refresh the French and Spanish catalogues"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.12 or newer found. Install one (e.g. 'pyenv install 3.12') or pass PYTHON=/path/to/python3.12." >&2; \
	  exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Reinstall only when the lock changes.
$(STAMP): requirements.lock | $(PY)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	@touch $@

venv: $(STAMP)

# Compiled catalogues are build output: made from the committed .po files.
compilemessages: $(STAMP)
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

messages: $(STAMP)
	$(PY) manage.py makemessages -l fr -l es --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l fr -l es --ignore=.venv --ignore=var --ignore=static/vendor --no-obsolete

# With DATABASE_URL and REDIS_URL set (here or in .env) a Celery worker with beat runs
# beside the web server; without them the portal runs on SQLite with in-process tasks.
run: $(STAMP) compilemessages
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo
	@set -m; pids=""; \
	if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting a Celery worker with beat"; \
	  $(VENV)/bin/celery -A network_portal worker --beat --loglevel=INFO --concurrency=2 & pids="$$!"; \
	fi; \
	trap '[ -n "$$pids" ] && kill $$pids 2>/dev/null' EXIT INT TERM; \
	echo "The portal is at http://127.0.0.1:$(PORT)/"; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# DATABASE_URL when set; else PostgreSQL on 127.0.0.1:5432 when it answers; else SQLite.
test: $(STAMP) compilemessages
	@if [ -z "$$DATABASE_URL" ]; then \
	  if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
	    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/network_portal; \
	  fi; \
	fi; \
	echo "Tests run on: $${DATABASE_URL:-SQLite (no PostgreSQL answered on 127.0.0.1:5432)}"; \
	echo "Celery broker: $${REDIS_URL:-none (tasks run in-process)}"; \
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check-deploy: $(STAMP)
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	DJANGO_ALLOWED_HOSTS=portal.example.org SITE_URL=https://portal.example.org EMAIL_HOST=smtp.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(STAMP)
	@ls bench/*.py | sed 's/^/  /'

clean:
	rm -rf $(VENV) var/test-*
