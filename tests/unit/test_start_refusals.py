"""A production start without what it needs refuses with one clear line; the sandbox's public signing secret is
never used beside real Slack credentials."""

from __future__ import annotations

import pytest

from bot import server
from coach.settings import SANDBOX_SIGNING_SECRET, load_settings

SLACK = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@pytest.fixture(autouse=True)
def no_slack_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in SLACK:
        monkeypatch.delenv(key, raising=False)


def test_a_bot_token_without_a_signing_secret_or_app_token_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    monkeypatch.setattr(server, "build_web_app", lambda _: pytest.fail("it started"))
    assert server.main() == 2
    assert capsys.readouterr().out.strip() == (
        "error: SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)"
    )


def test_the_sandbox_secret_is_the_sandboxs_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().sandbox and load_settings().signing_secret == SANDBOX_SIGNING_SECRET
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-real")  # Socket Mode: no signing secret at all
    assert not load_settings().sandbox and load_settings().signing_secret is None
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "the-apps-own")
    assert load_settings().signing_secret == "the-apps-own"


def test_socket_mode_without_a_signing_secret_serves_no_slack_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-real")
    routes = {route.resource.canonical for route in server.build_web_app(load_settings()).router.routes()}
    assert "/slack/events" not in routes and "/healthz" in routes
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "the-apps-own")
    routes = {route.resource.canonical for route in server.build_web_app(load_settings()).router.routes()}
    assert "/slack/events" in routes
