"""Rasa's server as `spar run rasa` starts it: the stock `rasa` command, with two costs taken out.

Rasa 3.6 checks every action server response against its JSON schema with `jsonschema.validate`, which first checks
the schema itself against JSON Schema's metaschema, on every call: a quarter of Rasa's CPU time per message here
(a drill turn calls the action server twice, a form's validation and the action). The response is still checked, with
the same validator and the same error; only the schema's own check is made once.

Rasa also opens a new HTTP session, and so a new connection, for every call to the action server: two per drill
turn, before the reply. Here each endpoint keeps one session open, whose idle connections close after 2 s, before
the action server's (Sanic's 5 s keep-alive) could close one under a request.

Run as `python -m spar.rasa_server run ...`, with the arguments of `rasa`; SPAR_INTERNAL_TOKEN becomes its
`--auth-token`, so Rasa's HTTP API answers only Spar's own processes.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any

import aiohttp
from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig

IDLE_CONNECTION_SECONDS = 2.0


@cache
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """What `RemoteAction._validate_action_result` does, with the validator built once."""
    error: ValidationError | None = exceptions.best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


class _KeptOpen:
    """What `async with endpoint.session()` gives Rasa: the endpoint's session, left open at the end."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: object) -> None:
        return None


_sessions: dict[int, aiohttp.ClientSession] = {}


def endpoint_session(endpoint: EndpointConfig) -> _KeptOpen:
    """`EndpointConfig.session`, made once per endpoint: the same headers, authentication and timeout."""
    session = _sessions.get(id(endpoint))
    if session is None or session.closed:
        auth = endpoint.basic_auth
        session = _sessions[id(endpoint)] = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_CONNECTION_SECONDS),
        )
    return _KeptOpen(session)


def main() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    EndpointConfig.session = endpoint_session  # type: ignore[assignment,method-assign]
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    token = os.environ.get("SPAR_INTERNAL_TOKEN")
    if token and "--auth-token" not in sys.argv:  # given here, not on the command line, which `ps` shows to all
        sys.argv += ["--auth-token", token]
    rasa_main()


if __name__ == "__main__":
    main()
