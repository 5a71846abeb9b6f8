# Two commands do all the set-up: `make run` (the bot on the local store) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint clean package playground provision bench-graph bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python app.py

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) manifest/node_modules tools/azurite/node_modules tests/cards/js/node_modules
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# SharePoint lists for DESK_STORE=sharepoint (settings from .env / the environment); safe to re-run.
provision: $(STAMP)
	$(BIN)/python -m graph.provision

# The desk against a stock echo bot and the protocol floor, one fake Bot Connector (see bench/README.md).
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Graph requests per operation, counted against the fake Graph (see bench/README.md).
bench-graph: $(STAMP)
	$(BIN)/python -m bench.graph_requests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Teams app package (manifest/): build the zip, then validate it offline against the official schema.
manifest/node_modules: manifest/package.json manifest/package-lock.json
	npm ci --prefix manifest --no-audit --no-fund
	touch manifest/node_modules

# Azurite, the local Azure Blob Storage emulator the multi-instance tests start by themselves.
tools/azurite/node_modules: tools/azurite/package.json tools/azurite/package-lock.json
	npm ci --prefix tools/azurite --no-audit --no-fund
	touch tools/azurite/node_modules

# The Adaptive Cards JS renderer (npm adaptivecards), which the card tests render every card with.
tests/cards/js/node_modules: tests/cards/js/package.json tests/cards/js/package-lock.json
	npm ci --prefix tests/cards/js --no-audit --no-fund
	touch tests/cards/js/node_modules

package: $(STAMP) manifest/node_modules
	$(BIN)/python -m manifest.build
	node manifest/validate.js build/service-desk-teams-app.zip

# The bot on the local store plus Microsoft 365 Agents Playground (installed into .playground/).
playground: $(STAMP)
	$(BIN)/python -m manifest.run_playground
