# The executable README: `make run` serves the portal, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install run data migrate test lint check-data clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input

data: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_portal_data
	DJANGO_DEBUG=1 $(BIN)/python manage.py check_data

run: data
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
