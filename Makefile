# Eyes and Ears. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_SETTINGS := eyesandears.settings.dev
RABBITMQ_URL ?= amqp://guest:guest@127.0.0.1:5672//

.DEFAULT_GOAL := help
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help install messages run migrate seed test test-services test-rabbitmq faults e2e lint bench serve clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The interface translations are compiled in the build (polib; no system gettext needed).
%.mo: %.po $(STAMP)
	$(BIN)/python -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

install: $(STAMP) $(MO_FILES) ## Create .venv, install the project with its dev tools and compile the translations

messages: install ## Update the Urdu and Polish catalogues (locale/) from the code and templates (needs GNU gettext)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py makemessages --no-obsolete --no-location \
		-l ur -l pl -i .venv -i tests -i bench -i media -i static_collected -i private -i build

migrate: install ## Apply database migrations (SQLite by default, DATABASE_URL otherwise)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py migrate --noinput

seed: migrate ## Load the demo council, its modules and demo accounts (idempotent)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py seed_demo

run: seed ## Install, migrate, load the demo and serve at http://127.0.0.1:8000 (SQLite, tasks in-process)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install ## Install and run the whole test suite (SQLite, tasks in-process; browser tests if chromium is installed)
	$(BIN)/python -m pytest

test-services: install ## Run the suite against DATABASE_URL, REDIS_URL and a real Celery worker (see .ci/run)
	CELERY_TEST_WORKER=1 $(BIN)/python -m pytest -m "not e2e and not faults"

faults: install ## Run only the fault tests (their own PostgreSQL, Redis, gunicorn and workers on spare ports)
	$(BIN)/python -m pytest -m faults

test-rabbitmq: install ## Run the real-worker tests with RabbitMQ as the broker (RABBITMQ_URL, default the local guest account)
	CELERY_TEST_WORKER=1 CELERY_BROKER_URL=$(RABBITMQ_URL) $(BIN)/python -m pytest -m worker

e2e: install ## Run only the browser tests (Debian chromium)
	$(BIN)/python -m pytest -m e2e

lint: install ## ruff (with Django rules) and a check that no migration is missing
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=eyesandears.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: install ## Benchmark pages against a bare Django view (gunicorn on PostgreSQL, wrk); writes bench/results.json
	$(BIN)/python bench/run.py

soak: install ## Soak test: locust learners, managers and officers against 2 app servers and 2 Celery workers (SOAK_USERS, SOAK_TIME); writes bench/soak/results.json
	$(BIN)/python bench/soak/run.py

serve: install ## Run the production shape from the Procfile (needs DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS)
	PATH=$(CURDIR)/$(BIN):$$PATH DJANGO_SETTINGS_MODULE=eyesandears.settings.production \
		$(BIN)/honcho start -f Procfile release
	PATH=$(CURDIR)/$(BIN):$$PATH DJANGO_SETTINGS_MODULE=eyesandears.settings.production \
		$(BIN)/honcho start -f Procfile web worker beat

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 static_collected
