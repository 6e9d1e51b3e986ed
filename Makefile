# Two commands a newcomer needs:  make run  (serve with demo data)  ·  make test  (the whole suite)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# The CBS 2021 registry and social-mobility indicators ship in data/ (copies of shared/data; see the SOURCE files).
REGISTRY ?= data/israel_local_authorities.csv
MOBILITY ?= data/israel_local_authorities_social_mobility.csv
HOST   ?= 127.0.0.1:8000

.PHONY: run test install migrate demo serve messages check-messages clean e2e benchmark

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(PY) requirements/lock.txt pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check uv || true
	@if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --quiet --python $(PY) -r requirements/lock.txt; \
	 else $(PY) -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt; fi
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py import_authorities $(REGISTRY)
	$(PY) manage.py import_mobility_indicators $(MOBILITY)
	$(PY) manage.py seed_demo

serve:
	$(PY) manage.py runserver $(HOST)

## make run: install, migrate, import the CBS registry, seed the demo network, serve on 127.0.0.1:8000
run: demo serve

## make test: install and run the whole suite (SQLite by default; DATABASE_URL / REDIS_URL switch)
test: install
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) -m pytest -n 2 --dist loadgroup --durations=15 $(PYTEST_ARGS)

## make e2e: only the browser tests; they refresh docs/screenshots/
e2e: install
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/e2e -p no:xdist $(PYTEST_ARGS)

benchmark: install
	$(PY) benchmarks/run.py

## make messages: refresh the translation catalogues (needs GNU gettext) and compile them
messages: install
	$(PY) manage.py translations

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
