# Spar. `make run` starts the product, `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RASA_DATA := nlu/intents data/dialogue/rules data/dialogue/stories
TRAINING := config.yml domain.yml spar/nonsense_guard.py coach/nonsense.py coach/language.py coach/spelling.py $(sort $(wildcard nlu/intents/*.yml data/dialogue/rules/*.yml data/dialogue/stories/*.yml))
# The model is retrained when any training file (or the nonsense guard it keeps words for, or how it makes them plain)
# changes, appears or goes away.
TRAINING_HASH := $(shell { echo $(TRAINING); cat $(TRAINING); } 2>/dev/null | sha256sum | cut -c1-16)
MODEL := models/spar.tar.gz
TRAINED := models/.trained-$(TRAINING_HASH)
RETRAIN := $(if $(wildcard $(MODEL)),,retrain)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# The move and SAR readers (nlu/<reader>/): retrained when their corpus, config or the code they learn with changes.
MOVES_BUILT := nlu/moves/build/.built
SAR_BUILT := nlu/sar/build/.built
READER_CODE := coach/language.py coach/spelling.py spar/readers_cli.py
# Tests run across processes (pytest-xdist): the slow tiers wait on Rasa and Slack stand-ins more than on the CPU.
WORKERS ?= 4

.PHONY: run prepare data stories test test-fast test-integration test-e2e lint types model readers eval migrate browser clean retrain bench

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

$(MOVES_BUILT): $(STAMP) nlu/moves/config.cfg nlu/moves/train.jsonl nlu/moves/dev.jsonl $(READER_CODE) coach/drills/moves.py coach/drills/moves_rules.py
	$(BIN)/spar readers build moves
	@touch $@

$(SAR_BUILT): $(STAMP) nlu/sar/config.cfg nlu/sar/train.jsonl nlu/sar/dev.jsonl $(READER_CODE) coach/interviews/sar.py coach/interviews/sar_rules.py
	$(BIN)/spar readers build sar
	@touch $@

# Both readers side by side (each trains on one core).
readers: $(STAMP)
	@$(MAKE) --no-print-directory -j2 $(MOVES_BUILT) $(SAR_BUILT)

retrain:

migrate: $(STAMP)
	$(BIN)/spar db upgrade

# The Procfile's processes under supervisord (spar/supervise.py): one that dies is restarted, the others keep serving.
run: $(TRAINED) readers migrate
	exec $(BIN)/spar supervise

# Debian's Chromium for the sandbox browser test (root can install it; CI runs as root).
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

# What the tests need and the checks that need no model, side by side (about a minute less on 2 cores than one
# after another): the Rasa model, both readers, Chromium, lint, types, the content and Rasa's training data.
prepare: $(STAMP)
	@$(MAKE) --no-print-directory -j4 --output-sync=target $(MOVES_BUILT) $(SAR_BUILT) stories browser lint types data

data: $(STAMP)
	$(BIN)/spar content validate
	$(BIN)/rasa data validate --quiet --fail-on-warnings --domain domain.yml --data $(RASA_DATA)

# Rasa's test stories, on the model once it is trained.
stories: $(TRAINED)
	$(BIN)/rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/core

# Everything: lint, types, content, Rasa's data and test stories, then every tier of tests.
test: prepare
	$(BIN)/pytest -q -n $(WORKERS) --dist loadgroup tests

# The unit tier: no Rasa model, no browser, no PostgreSQL, no processes (the readers are built if they changed).
test-fast: readers
	$(BIN)/pytest -q -n 2 tests/unit

# Real SQLite files and PostgreSQL, Alembic, the scheduler.
test-integration: readers
	$(BIN)/pytest -q -n 2 tests/integration

# The running stack: Slack-level conversations, replicas, faults, the browser.
test-e2e: $(TRAINED) readers browser
	$(BIN)/pytest -q -n $(WORKERS) --dist loadgroup tests/e2e

# Both readers on every split of their corpus (the test split is reported on, never tuned on) and today's dev sets.
eval: readers
	@for reader in moves sar; do for split in train dev test; do \
		echo "== $$reader, $$split split"; $(BIN)/spar eval $$reader --split $$split | grep -v "^  "; done; done
	@echo "== moves, nlu/dev_sets/roleplay_moves.yml"; $(BIN)/spar eval moves nlu/dev_sets/roleplay_moves.yml | grep -v "^  "
	@echo "== sar, nlu/dev_sets/sar_answers.yml"; $(BIN)/spar eval sar nlu/dev_sets/sar_answers.yml | grep -v "^  "

# Not part of `make test`: a measurement of about 4 minutes (bench/load.py). `make bench ARGS="--reps 10"`.
bench: $(TRAINED)
	$(BIN)/python bench/load.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) models results var nlu/*/build
