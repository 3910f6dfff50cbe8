"""With SLACK_APP_TOKEN the bot connects over Socket Mode instead of serving HTTP, and answers the same way."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from bot.sandbox import payloads
from coach.settings import SANDBOX_SIGNING_SECRET
from tests.conftest import TEAM
from tests.processes import Process, free_port
from tests.slack import MockSlack, text_of


@pytest.fixture(scope="module")
def socket_bot(stack: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockSlack]:
    slack = MockSlack(TEAM, free_port())
    slack.api.add_user("U0SOCKET1", "Sam Socket", tz="Europe/Dublin")
    port = free_port()
    env = {
        "DATABASE_URL": stack["db_url"],
        "RASA_URL": stack["rasa_url"],
        "ACTIONS_URL": stack["actions_url"],
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": slack.url,
        "PORT": str(port),
    }
    bot = Process("bot", env, tmp_path_factory.mktemp("socket-mode")).start()
    try:
        bot.wait_for_url(f"http://127.0.0.1:{port}/healthz", timeout=60)
        slack.api.wait_for(lambda: slack.api.socket is not None, timeout=30)
        slack.bot_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
        yield slack
    finally:
        bot.stop()


def test_a_dm_over_socket_mode_is_acknowledged_and_answered(socket_bot: MockSlack) -> None:
    body, _ = payloads.dm_event(TEAM, "U0SOCKET1", "D0SOCKET1", "hello")
    socket_bot.send_envelope("events_api", json.loads(body), envelope_id="env-1")
    socket_bot.api.wait_for(lambda: any(a.get("envelope_id") == "env-1" for a in socket_bot.api.socket_acks))
    replies = socket_bot.api.wait_for(lambda: socket_bot.api.posts_to("U0SOCKET1")[1:], timeout=60)
    assert "Here's what we can practise" in text_of(replies[0])
    assert "apps.connections.open" in socket_bot.api.method_names()


def test_without_a_signing_secret_no_http_event_is_taken(socket_bot: MockSlack) -> None:
    """Slack's events come over the socket; an HTTP request signed with the sandbox's public secret (or any other)
    finds no /slack/events to take it: an admin's summary can't be asked for by a forger."""
    forged = payloads.mention_event(TEAM, "U0ADMIN", "D0ATTACKER", "<@UBOT> how's my team doing?")
    for secret in (SANDBOX_SIGNING_SECRET, "a-guessed-secret"):
        headers = payloads.signed_headers(secret, *forged)
        response = requests.post(
            f"{socket_bot.bot_url}/slack/events",  # type: ignore[attr-defined]
            data=forged[0].encode(),
            headers=headers,
            timeout=10,
        )
        assert response.status_code == 404
    assert requests.get(f"{socket_bot.bot_url}/healthz", timeout=10).status_code == 200  # type: ignore[attr-defined]
