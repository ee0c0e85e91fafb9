# The two commands of the README: `make run` and `make test`. Both install whatever is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON_BIN := $(shell .ci/find-python 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
HOST ?= 127.0.0.1
PORT ?= 8000
# Where `make run` serves; links in e-mails and the address the console prints follow it.
SITE_URL ?= http://$(HOST):$(PORT)
CHROMIUM ?= /usr/bin/chromium
PGBIN ?= $(lastword $(sort $(wildcard /usr/lib/postgresql/*/bin)))

.PHONY: help install run test lint messages check-python

help:
	@echo "make run    install, migrate SQLite, load the Twenterand and Tubbergen dossiers and demo accounts, serve on http://$(HOST):$(PORT) with the task workers"
	@echo "make test   install and run the whole suite (PostgreSQL and browser tests when available)"
	@echo "make lint   ruff, makemigrations --check, compilemessages"

check-python:
	@if [ -z "$(PYTHON_BIN)" ]; then .ci/find-python; exit 1; fi

$(UV): | check-python
	$(PYTHON_BIN) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

# Re-sync whenever the lock file changes; `uv sync --frozen` is a no-op when nothing is missing.
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	@[ -x $(PY) ] || $(UV) venv --quiet --python $(PYTHON_BIN) $(VENV)
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

run: install
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_finance_reference fixtures/finance/reference.json
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_dossier fixtures/twenterand
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_scenarios --dossier twenterand fixtures/twenterand/scenarios.json
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_dossier fixtures/tubbergen
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_scenarios --dossier tubbergen fixtures/tubbergen/scenarios.json
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py demo_accounts
	@# The advice route's daily sweep (reminders, digests): run once now and planned for the task workers every day.
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py route_reminders --plannen
	@# The server and the task workers (they make a definitive version's PDFs) together; Ctrl-C stops them all.
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py serve $(HOST):$(PORT)

test: install
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$(REQUIRE_BROWSER)" = 1 ]; then echo "ERROR: REQUIRE_BROWSER=1 but $(CHROMIUM) is missing"; exit 1; fi; \
	  echo "############################################################################"; \
	  echo "## NOTICE: $(CHROMIUM) not found: the browser tests will be SKIPPED.       ##"; \
	  echo "##         apt-get install chromium  (or run .ci/run) to include them.    ##"; \
	  echo "############################################################################"; \
	fi
	@if [ -n "$(PGBIN)" ] && [ -x "$(PGBIN)/initdb" ]; then \
	  .ci/with-postgres $(PY) -m pytest $(PYTEST_ARGS); \
	else \
	  if [ "$(REQUIRE_POSTGRES)" = 1 ]; then echo "ERROR: REQUIRE_POSTGRES=1 but no PostgreSQL server binaries"; exit 1; fi; \
	  echo "############################################################################"; \
	  echo "## NOTICE: no PostgreSQL server binaries: the suite runs on SQLITE ONLY.  ##"; \
	  echo "############################################################################"; \
	  $(PY) -m pytest $(PYTEST_ARGS); \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.ci $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.ci $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

messages: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py makemessages -l nl --ignore=.venv --ignore=.tools --no-obsolete
