"""The action server (`spar run actions`): rasa_sdk's, answering only Rasa.

It listens on SPAR_INTERNAL_HOST (loopback unless compose opens it to its private network) and runs an action only
for a caller that shows SPAR_INTERNAL_TOKEN (Rasa sends it from endpoints.yml); `/health` stays open for probes.
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from coach.drills import topics
from coach.language import ReaderMissing, give_back_free_memory, load_reader
from coach.settings import INTERNAL_TOKEN_HEADER


def token_shown(request: Request, token: str) -> bool:
    return hmac.compare_digest(request.headers.get(INTERNAL_TOKEN_HEADER, "").encode(), token.encode())


def build_app(token: str) -> Sanic:
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def demand_the_token(request: Request) -> response.HTTPResponse | None:
        if request.path != "/health" and not token_shown(request, token):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    return app


def load_readers() -> None:
    """The move and SAR readers, loaded before the first drill or interview turn needs them (about 5 s), so no rep
    waits for them; without them (`make readers` not run) the turn itself says what is missing. The buyer's word
    lists too."""
    log = logging.getLogger("spar.actions")
    for name in ("moves", "sar"):
        try:
            load_reader(name)
        except ReaderMissing as error:
            log.warning("%s", error)
    # What the role-play buyer reads every message against (about 1 s from the corpus and the scenarios), read now
    # rather than on a rep's first drill line.
    topics.common_words()
    topics.shared_words()
    give_back_free_memory()  # reading the corpus for them leaves some 5 MiB of freed heap behind


def serve(host: str, port: int, token: str) -> None:
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    load_readers()
    logging.getLogger("spar.actions").info("Action server listening on http://%s:%d", host, port)
    build_app(token).run(host, port, workers=utils.number_of_sanic_workers())
