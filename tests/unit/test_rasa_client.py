"""The bot's view of Rasa and its action server: a busy server is not a stopped one, replies come as Rasa has them,
and a turn that failed is never taken for an answer."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

from bot.rasa_client import RasaClient, RasaTurnFailed, RasaUnavailable
from tests.processes import free_port


async def _with_actions(health_delay: float) -> tuple[bool, float]:
    """`can_answer` against a Rasa that answers and an action server whose health check takes `health_delay`."""

    async def rasa(_: web.Request) -> web.Response:
        return web.Response(text="Hello from Rasa")

    async def health(_: web.Request) -> web.Response:
        await asyncio.sleep(health_delay)
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_get("/", rasa)
    app.router.add_get("/health", health)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = RasaClient(f"http://127.0.0.1:{port}", actions_url=f"http://127.0.0.1:{port}")
    try:
        began = asyncio.get_running_loop().time()
        up = await client.can_answer()
        return up, asyncio.get_running_loop().time() - began
    finally:
        await client.close()
        await runner.cleanup()


def test_an_action_server_slow_to_answer_its_health_check_is_busy_not_down() -> None:
    up, took = asyncio.run(_with_actions(health_delay=3))
    assert up  # a message sent now waits its turn and is answered; "give me a moment" would be wrong
    assert took < 2.5  # and the bot did not wait for the whole queue to find out


def test_an_action_server_that_refuses_connections_is_down() -> None:
    async def check() -> bool:
        client = RasaClient("http://127.0.0.1:9", actions_url=f"http://127.0.0.1:{free_port()}")
        try:
            return await client.actions_up()
        finally:
            await client.close()

    assert not asyncio.run(check())


def test_a_healthy_action_server_is_up() -> None:
    assert asyncio.run(_with_actions(health_delay=0))[0]


async def _stream(lines: list[bytes], pause: float = 0.0) -> tuple[list[dict], float, BaseException | None]:
    """What `send` yields from a Rasa that writes `lines` (pausing `pause` s before the last); when the first reply
    arrived; what it raised."""

    async def webhook(request: web.Request) -> web.StreamResponse:
        answer = web.StreamResponse()
        await answer.prepare(request)
        for number, line in enumerate(lines):
            if number == len(lines) - 1:
                await asyncio.sleep(pause)
            await answer.write(line)
        return answer

    app = web.Application()
    app.router.add_post("/webhooks/spar/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = RasaClient(f"http://127.0.0.1:{port}")
    replies: list[dict] = []
    first_at, raised = 0.0, None
    began = asyncio.get_running_loop().time()
    try:
        async for reply in client.send("T1:U1", "hello"):
            first_at = first_at or asyncio.get_running_loop().time() - began
            replies.append(reply)
    except Exception as error:  # noqa: BLE001 - returned for the test to judge
        raised = error
    finally:
        await client.close()
        await runner.cleanup()
    return replies, first_at, raised


def reply_line(text: str) -> bytes:
    return json.dumps({"reply": {"recipient_id": "T1:U1", "text": text}}).encode() + b"\n"


def test_each_reply_comes_as_rasa_has_it_and_the_turn_ends_when_rasa_says() -> None:
    lines = [reply_line("Dana: go on."), reply_line("x" * 300_000), b'{"done": true}\n']
    replies, first_at, raised = asyncio.run(_stream(lines, pause=1.0))
    assert raised is None
    assert [r["text"] for r in replies] == ["Dana: go on.", "x" * 300_000]  # a long line is read whole
    assert first_at < 0.5  # not held back until Rasa had saved the turn


def test_a_turn_rasa_says_failed_is_not_an_answer() -> None:
    replies, _, raised = asyncio.run(_stream([reply_line("Dana: go on."), b'{"failed": true}\n']))
    assert [r["text"] for r in replies] == ["Dana: go on."]
    assert isinstance(raised, RasaTurnFailed)


@pytest.mark.parametrize(("lines", "broken"), [([], RasaUnavailable), ([reply_line("Dana: go on.")], RasaTurnFailed)])
def test_an_answer_that_breaks_off_is_rasa_unavailable_before_any_reply_and_a_failed_turn_after(
    lines: list[bytes], broken: type
) -> None:
    _, _, raised = asyncio.run(_stream(lines))
    assert isinstance(raised, broken)
