"""When Rasa is not answering, the rep still gets a clear answer and the message is kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import SECRET, TEAM
from tests.processes import Process, free_port
from tests.slack import SlackUser, db_rows, text_of


@pytest.fixture(scope="module")
def bot_without_rasa(stack: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    bot = Process(
        "bot",
        {
            "DATABASE_URL": stack["db_url"],
            "RASA_URL": f"http://127.0.0.1:{free_port()}",
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": stack["slack"].url,
            "PORT": str(port),
        },
        tmp_path_factory.mktemp("rasa-down"),
    ).start()
    try:
        bot.wait_for_url(f"http://127.0.0.1:{port}/healthz", timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        bot.stop()


def test_message_is_kept_as_pending_and_the_rep_told_to_wait(bot_without_rasa: str, stack: dict) -> None:
    rep = SlackUser(bot_without_rasa, SECRET, stack["slack"], TEAM, "U0WAITING1")
    stack["slack"].api.add_user(rep.user_id, "Wes Waiting")
    reply = rep.says("let's do a discovery drill")[0]
    assert "Give me a moment" in text_of(reply)
    sql = "SELECT text, status FROM inbound_messages WHERE user_slack_id = :u"
    assert db_rows(stack["db_url"], sql, u=rep.user_id) == [("let's do a discovery drill", "pending")]


def test_readiness_reports_rasa_missing(bot_without_rasa: str) -> None:
    import requests

    response = requests.get(f"{bot_without_rasa}/readyz", timeout=10)
    assert response.status_code == 503
    assert response.json()["rasa"] is False and response.json()["database"] is True
