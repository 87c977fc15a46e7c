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
DEMO      ?= yes
# Where the SQLite database, the file broker, emails, uploads and caches are kept.
VAR_DIR   ?= $(CURDIR)/var
STAMP     := $(VENV)/.installed

# A Python 3.12+ interpreter: PATH first, then pyenv's installs (whose shims refuse to run
# a version that is not selected), newest first.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 \
            $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3 python3; do \
            if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
              command -v $$p 2>/dev/null || echo $$p; break; fi; done)

.PHONY: help venv run test lint messages compilemessages check-deploy bench clean

help:
	@echo "make run    - serve the portal with demo data at http://127.0.0.1:$(PORT), with a Celery worker and beat"
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

# The web server and, beside it, a Celery worker running the beat schedule (alerts,
# digests, reminders, the outbox), as in production. The broker is Redis when REDIS_URL is
# set (here or in .env), otherwise files under var/celery/ (core/broker.py): nothing to
# install. Emails go to var/mail/ unless EMAIL_HOST is set. A missing PostgreSQL database
# is created (network_portal/database.py). Ctrl-C, SIGTERM or SIGHUP stop every process
# it started: the worker (a warm shutdown: it stops its pool and beat), the server's
# whole process group (runserver's reloader and the server it runs), then anything left.
run: $(STAMP) compilemessages
	@mkdir -p "$(VAR_DIR)"
	@$(PY) -m network_portal.database
	$(PY) manage.py migrate --noinput -v 0
	@if [ "$(DEMO)" = "no" ]; then echo "DEMO=no: no demo data"; else $(PY) manage.py seed_demo; fi
	@set -m; worker=""; server=""; \
	stop() { trap - EXIT INT TERM HUP; \
	  [ -n "$$worker" ] && kill -TERM $$worker 2>/dev/null; \
	  [ -n "$$server" ] && kill -TERM -- -$$server 2>/dev/null; wait; \
	  for g in $$worker $$server; do kill -KILL -- -$$g 2>/dev/null; done; true; }; \
	trap 'stop; exit 0' INT TERM HUP; trap stop EXIT; \
	echo "Starting a Celery worker with the beat schedule; broker: $${REDIS_URL:+Redis (REDIS_URL)}$${REDIS_URL:-files under $(VAR_DIR)/celery (no REDIS_URL)}"; \
	if [ -z "$$EMAIL_HOST" ]; then echo "Emails are written to $${EMAIL_FILE_PATH:-$(VAR_DIR)/mail}/ (no EMAIL_HOST)"; fi; \
	$(VENV)/bin/celery -A network_portal worker --beat --schedule "$(VAR_DIR)/celerybeat-schedule" \
	  --loglevel=INFO --concurrency=2 & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	echo "The portal is at http://127.0.0.1:$(PORT)/ (links in emails: $${SITE_URL:-http://127.0.0.1:$(PORT)})"; \
	wait -n

# DATABASE_URL when set; else PostgreSQL on 127.0.0.1:5432 when it answers, with a database
# name of this checkout's own (two clones on one server never share a test database,
# test_network_portal_<checksum of the checkout's path>); else SQLite.
CHECKOUT_ID := $(shell printf '%s' "$(CURDIR)" | cksum | cut -d' ' -f1)
test: $(STAMP) compilemessages
	@if [ -z "$$DATABASE_URL" ]; then \
	  if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
	    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/network_portal_$(CHECKOUT_ID); \
	  fi; \
	fi; \
	echo "Tests run on: $${DATABASE_URL:-SQLite (no PostgreSQL answered on 127.0.0.1:5432)}"; \
	echo "Celery broker: $${REDIS_URL:-none (tests run tasks in-process; integration tests start workers)}"; \
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
