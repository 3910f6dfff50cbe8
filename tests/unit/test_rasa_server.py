"""`spar run rasa` starts stock Rasa with its action-server response check built once (the check still refuses what
Rasa refuses, with Rasa's words) and one open session per endpoint."""

from __future__ import annotations

import asyncio
import sys
from unittest import mock

import jsonschema
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from spar import processes, rasa_server
from tests.processes import free_port

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "drill_id", "value": "7"}], "responses": [{"text": "Dana: go on."}]},
    {},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"no": "event name"}]},
    {"responses": "hello"},
]


@pytest.mark.parametrize("response", GOOD + BAD)
def test_a_response_is_accepted_or_refused_as_stock_rasa_would(response: dict) -> None:
    action = RemoteAction("action_drill_turn", None)
    try:
        jsonschema.validate(response, RemoteAction.action_response_format_spec())
        stock_refuses = False
    except jsonschema.ValidationError:
        stock_refuses = True
    if stock_refuses:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            rasa_server.validate_action_result(action, response)
    else:
        assert rasa_server.validate_action_result(action, response) is True
    assert stock_refuses == (response in BAD)


def test_the_schema_itself_is_checked_once_not_per_response() -> None:
    rasa_server._response_validator.cache_clear()
    validator_class = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    with mock.patch.object(validator_class, "check_schema", wraps=validator_class.check_schema) as check_schema:
        for response in GOOD * 10:
            rasa_server.validate_action_result(RemoteAction("action_drill_turn", None), response)
    assert check_schema.call_count == 1


def test_spar_run_rasa_starts_rasa_through_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(processes, "_exec", lambda argv: started.append(argv) or 0)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("SPAR_INTERNAL_HOST", raising=False)
    monkeypatch.setenv("SPAR_INTERNAL_TOKEN", "s3cret-token")
    processes.run_process("rasa")
    argv = started[0]
    assert argv[:5] == [sys.executable, "-m", "spar.rasa_server", "run", "--enable-api"]
    assert "--model" in argv and "--endpoints" in argv
    assert argv[argv.index("--interface") + 1] == "127.0.0.1"  # loopback unless SPAR_INTERNAL_HOST opens it
    assert "s3cret-token" not in " ".join(argv)  # the launcher adds it inside the process, out of `ps`'s sight


def test_the_launcher_gives_rasa_the_internal_token_as_its_auth_token(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("rasa.__main__.main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["spar.rasa_server", "run", "--port", "5005"])
    monkeypatch.setenv("SPAR_INTERNAL_TOKEN", "s3cret-token")
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)  # main() patches both: undone after
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_server.main()
    assert seen[0][-2:] == ["--auth-token", "s3cret-token"]


@pytest.mark.parametrize("name", ["rasa", "actions", "bot", "scheduler"])
def test_no_process_starts_without_the_internal_token(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(processes, "_exec", lambda argv: pytest.fail(f"started {argv}"))
    monkeypatch.delenv("SPAR_INTERNAL_TOKEN", raising=False)
    assert processes.run_process(name) == 2
    assert capsys.readouterr().err.startswith("error: SPAR_INTERNAL_TOKEN is not set: `make run` makes one")


def test_calls_to_the_action_server_share_one_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    async def three_calls(endpoint: EndpointConfig) -> set[int]:
        ports: list[int] = []

        async def webhook(request: web.Request) -> web.Response:
            ports.append(request.transport.get_extra_info("peername")[1])
            assert request.headers.get("X-Spar") == "1"  # the endpoint's own headers are still sent
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            for _ in range(3):
                assert await endpoint.request(json={"next_action": "action_drill_turn"}, subpath="webhook") == {
                    "events": [],
                    "responses": [],
                }
        finally:
            await runner.cleanup()
        return set(ports)

    port = free_port()
    stock = asyncio.run(three_calls(EndpointConfig(f"http://127.0.0.1:{port}", headers={"X-Spar": "1"})))
    monkeypatch.setattr(EndpointConfig, "session", rasa_server.endpoint_session)
    kept = asyncio.run(three_calls(EndpointConfig(f"http://127.0.0.1:{port}", headers={"X-Spar": "1"})))
    assert len(stock) == 3 and len(kept) == 1
