"""The bot's view of Rasa and its action server: a busy server is not a stopped one."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.rasa_client import RasaClient
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
            return await client._actions_up()
        finally:
            await client.close()

    assert not asyncio.run(check())


def test_a_healthy_action_server_is_up() -> None:
    assert asyncio.run(_with_actions(health_delay=0))[0]
