"""One pool of connections to Slack's Web API for the bot's replies.

Bolt hands each listener its own deep copy of the Web API client (with the workspace's token), and a copy can't carry
an open connection pool, so slack_sdk opened a new connection for every reply. A reply goes out on a client made
from that copy and the bot's one pool instead: the same token, URL, timeout and retry handlers.
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

_pool: tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession] | None = None


def pooled(client: AsyncWebClient) -> AsyncWebClient:
    """`client`, sending its requests over the bot's connection pool (one per event loop)."""
    global _pool
    loop = asyncio.get_running_loop()
    if _pool is None or _pool[0] is not loop or _pool[1].closed:
        _pool = (loop, aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=client.timeout)))
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        session=_pool[1],
        logger=client.logger,
        retry_handlers=client.retry_handlers,
    )


async def close() -> None:
    global _pool
    if _pool is not None and not _pool[1].closed and _pool[0] is asyncio.get_running_loop():
        await _pool[1].close()
    _pool = None
