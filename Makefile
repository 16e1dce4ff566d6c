# The README's two commands: `make run` serves the archive, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
# PostgreSQL the test suite also runs on when reachable (override with DATABASE_URL).
POSTGRES_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/archive)

# The embedded default is for development: DEBUG on, no secret needed. Production sets its own env.
export DJANGO_DEBUG ?= 1

.PHONY: run test test-sqlite test-postgres install gettext messages makemessages chromium data lint screenshots bench clean rum

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed messages

# The Japanese interface's catalogue (locale/ja/LC_MESSAGES/django.po) compiled to django.mo by
# GNU gettext's msgfmt, from Debian's `gettext` package.
gettext:
	@if ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's gettext for the translation catalogue"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext; \
		else \
			echo "The Japanese catalogue needs GNU gettext: sudo apt-get install gettext" >&2; exit 1; \
		fi; \
	fi

# PostgreSQL's RUM index (docs/search.md: relevance pages read in the index's order) comes from
# Debian's postgresql-<major>-rum, installed next to a local PostgreSQL server. Optional: without
# it the search/0003 migration creates no index and searches rank every match with ts_rank.
rum:
	@major=$$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1); \
	if [ -n "$$major" ] && [ ! -f /usr/share/postgresql/$$major/extension/rum.control ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's postgresql-$$major-rum for ranked search"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-$$major-rum; \
		else \
			echo "Ranked search is faster with RUM: sudo apt-get install postgresql-$$major-rum" >&2; \
		fi; \
	fi

messages: $(VENV)/.installed gettext
	$(PY) manage.py compilemessages --locale ja --ignore '.venv' --ignore 'node_modules' --verbosity 0

# Re-read the templates and Python code for interface strings (then translate the new entries).
makemessages: $(VENV)/.installed gettext
	$(PY) manage.py makemessages --locale ja --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --no-obsolete

# Migrate and load the bundled data; both steps keep what is already there.
data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_archive

run: data
	$(PY) manage.py runserver $(HOST_PORT)

# Browser tests drive Debian's chromium (Playwright never downloads a browser of its own), with
# Debian's Noto CJK fonts so the /ja/ pages and their screenshots show Japanese, not boxes.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
		else \
			echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; \
		fi; \
	fi

test: install chromium
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) scripts/postgres_reachable.py "$(POSTGRES_URL)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL at $(POSTGRES_URL) is not reachable and REQUIRE_POSTGRES is set" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(POSTGRES_URL): suite ran on SQLite only"; \
	fi

test-sqlite: install
	@echo "=== Test suite on SQLite ==="
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install rum
	@echo "=== Test suite on PostgreSQL ==="
	DATABASE_URL="$(POSTGRES_URL)" $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

screenshots: data chromium
	$(PY) scripts/screenshots.py

bench: install rum
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles screenshots .pytest_cache
