# Spar. `make run` starts the product, `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RASA_DATA := nlu/intents data/dialogue/rules data/dialogue/stories
TRAINING := config.yml domain.yml $(sort $(wildcard nlu/intents/*.yml data/dialogue/rules/*.yml data/dialogue/stories/*.yml))
# The model is retrained when any training file changes, appears or goes away.
TRAINING_HASH := $(shell { echo $(TRAINING); cat $(TRAINING); } 2>/dev/null | sha256sum | cut -c1-16)
MODEL := models/spar.tar.gz
TRAINED := models/.trained-$(TRAINING_HASH)
RETRAIN := $(if $(wildcard $(MODEL)),,retrain)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: run test lint types model migrate browser clean retrain bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || { py=$$(scripts/find-python310) && "$$py" -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade "pip<25" wheel "setuptools<70"
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

$(TRAINED): $(STAMP) $(RETRAIN)
	@mkdir -p models && rm -f models/.trained-*
	@start=$$(date +%s); \
	$(BIN)/rasa train --quiet --data $(RASA_DATA) --fixed-model-name spar --out models && \
	echo "Rasa model trained in $$(( $$(date +%s) - start )) s"
	@touch $@

model: $(TRAINED)

retrain:

migrate: $(STAMP)
	$(BIN)/spar db upgrade

# honcho gives the first Procfile entry (the bot) PORT, default 3000; a PORT in .env wins.
run: $(TRAINED) migrate
	PORT=$${PORT:-3000} $(BIN)/honcho start

# Debian's Chromium for the sandbox browser test (root can install it; CI runs as root).
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

test: $(TRAINED) browser lint types
	$(BIN)/spar content validate
	$(BIN)/rasa data validate --quiet --fail-on-warnings --domain domain.yml --data $(RASA_DATA)
	$(BIN)/rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/core
	$(BIN)/pytest -q

# Not part of `make test`: a measurement of about 4 minutes (bench/load.py). `make bench ARGS="--reps 10"`.
bench: $(TRAINED)
	$(BIN)/python bench/load.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) models results var
