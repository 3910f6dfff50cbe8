"""Rasa's server as `spar run rasa` starts it: the stock `rasa` command, with one check made cheaper.

Rasa 3.6 checks every action server response against its JSON schema with `jsonschema.validate`, which first checks
the schema itself against JSON Schema's metaschema, on every call: a quarter of Rasa's CPU time per message here
(a drill turn calls the action server twice, a form's validation and the action). The response is still checked, with
the same validator and the same error; only the schema's own check is made once.

Run as `python -m spar.rasa_server run ...`, with the arguments of `rasa`.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


def main() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
