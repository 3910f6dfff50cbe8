"""The four processes of the Procfile and docker-compose.yml, with their defaults in one place."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

from coach.settings import PROJECT_ROOT, load_settings, tracker_store_url


def _exec(argv: list[str]) -> int:
    os.chdir(PROJECT_ROOT)
    sys.stdout.flush()
    os.execvp(argv[0], argv)
    return 1  # not reached


def _bin(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


def run_process(name: str) -> int:
    settings = load_settings()
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")  # no internet here, and no reporting home anyway
    if name == "rasa":
        os.environ.setdefault("ACTION_ENDPOINT_URL", f"{settings.actions_url}/webhook")
        os.environ.setdefault("RASA_TRACKER_URL", tracker_store_url(settings.database_url))
        port = str(urlparse(settings.rasa_url).port or 5005)
        model = os.environ.get("RASA_MODEL", str(PROJECT_ROOT / "models" / "spar.tar.gz"))
        return _exec(
            [
                _bin("rasa"),
                "run",
                "--enable-api",
                "--port",
                port,
                "--model",
                model,
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ]
        )
    if name == "actions":
        port = str(urlparse(settings.actions_url).port or 5055)
        return _exec([_bin("rasa"), "run", "actions", "--actions", "actions", "--port", port])
    if name == "bot":
        from bot.server import main

        return main()
    if name == "scheduler":
        from bot.scheduler import main as scheduler_main

        return scheduler_main()
    raise ValueError(name)
