# One image for every Spar process; docker-compose.yml picks the command.
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SQLALCHEMY_SILENCE_UBER_WARNING=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends make gcc && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY actions ./actions
COPY coach ./coach
COPY spar ./spar
RUN python -m venv .venv \
 && .venv/bin/pip install --no-cache-dir --upgrade "pip<25" wheel "setuptools<70" \
 && .venv/bin/pip install --no-cache-dir -c constraints.txt .

COPY . .
# The model is trained into the image, so replicas start without training.
RUN .venv/bin/rasa train --quiet --data nlu/intents data/dialogue/rules data/dialogue/stories --fixed-model-name spar --out models
# So are the move and SAR readers the action server uses (as `make readers` builds them).
RUN .venv/bin/spar readers build moves && .venv/bin/spar readers build sar

EXPOSE 3000 5005 5055
CMD [".venv/bin/spar", "run", "bot"]
