"""When Rasa is not answering, the rep is told to wait, the message is kept, and it is answered once Rasa is back."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from aiohttp import web

from coach.migrate import upgrade
from tests.conftest import SECRET, TEAM
from tests.processes import Process, free_port
from tests.slack import SlackUser, db_rows, text_of


class LateRasa:
    """A stand-in Rasa server on a fixed port that starts only when a test says so."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.heard: list[dict] = []
        self.db_url = ""

    def start(self) -> None:
        import asyncio

        loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def status(_: web.Request) -> web.Response:
            return web.Response(text="Hello from Rasa: 3.6.21")

        async def webhook(request: web.Request) -> web.Response:
            body = await request.json()
            self.heard.append(body)
            reply = {"recipient_id": body["sender"], "text": f"Back now. You said: {body['message']}"}
            return web.Response(text=json.dumps({"reply": reply}) + '\n{"done": true}\n')

        def serve() -> None:
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_get("/", status)
            app.router.add_get("/health", status)  # it stands in for the action server too
            app.router.add_post("/webhooks/spar/webhook", webhook)
            runner = web.AppRunner(app)
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)


@pytest.fixture(scope="module")
def late_rasa() -> LateRasa:
    return LateRasa(free_port())


@pytest.fixture(scope="module")
def bot_without_rasa(stack: dict, late_rasa: LateRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Its own database: the stack's bot, whose Rasa is up, would otherwise answer the kept messages first.
    folder = tmp_path_factory.mktemp("rasa-down")
    db_url = f"sqlite:///{folder / 'spar.db'}"
    upgrade(db_url)
    late_rasa.db_url = db_url
    port = free_port()
    env = {
        "DATABASE_URL": db_url,
        "RASA_URL": f"http://127.0.0.1:{late_rasa.port}",
        "ACTIONS_URL": f"http://127.0.0.1:{late_rasa.port}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": stack["slack"].url,
        "PORT": str(port),
    }
    bot = Process("bot", env, folder).start()
    try:
        bot.wait_for_url(f"http://127.0.0.1:{port}/healthz", timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        bot.stop()


def test_readiness_reports_rasa_missing(bot_without_rasa: str) -> None:
    response = requests.get(f"{bot_without_rasa}/readyz", timeout=10)
    assert response.status_code == 503
    assert response.json()["rasa"] is False and response.json()["database"] is True


def test_kept_messages_are_answered_in_order_when_rasa_returns(
    bot_without_rasa: str, late_rasa: LateRasa, stack: dict
) -> None:
    rep = SlackUser(bot_without_rasa, SECRET, stack["slack"], TEAM, "U0WAITING1")
    stack["slack"].api.add_user(rep.user_id, "Wes Waiting")
    first = rep.says("let's do a discovery drill")[0]
    assert "Give me a moment" in text_of(first)
    second = rep.says("and then an interview")[0]
    assert "Give me a moment" in text_of(second)
    sql = "SELECT text, status FROM inbound_messages WHERE user_slack_id = :u ORDER BY id"
    assert db_rows(late_rasa.db_url, sql, u=rep.user_id) == [
        ("let's do a discovery drill", "pending"),
        ("and then an interview", "pending"),
    ]

    late_rasa.start()
    answers = rep.slack.api.wait_for(lambda: rep.replies()[2:] if len(rep.replies()) >= 4 else None, timeout=30)
    assert [text_of(a) for a in answers] == [
        "Back now. You said: let's do a discovery drill",
        "Back now. You said: and then an interview",
    ]
    assert [m["sender"] for m in late_rasa.heard] == [f"{TEAM}:{rep.user_id}"] * 2
    deadline = time.monotonic() + 10  # the status is written just after the reply is posted
    while {row[1] for row in db_rows(late_rasa.db_url, sql, u=rep.user_id)} != {"processed"}:
        assert time.monotonic() < deadline, db_rows(late_rasa.db_url, sql, u=rep.user_id)
        time.sleep(0.1)
