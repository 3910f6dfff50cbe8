"""Talks to the Rasa server over its REST channel."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, restarting or too slow)."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def send(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        """Send one user message; returns the bot's replies in order."""
        http = await self._http()
        try:
            async with http.post(
                f"{self.base_url}/webhooks/rest/webhook", json={"sender": sender_id, "message": text}
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}")
                replies = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        return replies if isinstance(replies, list) else []

    async def is_up(self) -> bool:
        http = await self._http()
        try:
            async with http.get(f"{self.base_url}/", timeout=aiohttp.ClientTimeout(total=2)) as response:
                return response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
