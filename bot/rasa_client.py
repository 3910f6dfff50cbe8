"""Talks to the Rasa server over its REST channel."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class RasaUnavailable(RuntimeError):
    """Rasa did not take the message (down or restarting): it can be sent again later."""


class RasaTooSlow(RuntimeError):
    """Rasa took the message but gave no answer in time. Sending it again would play it twice in the dialogue (a
    drill would hear the same line twice), so it is not replayed."""


class RasaClient:
    """A slow Rasa is not a down one: connecting is bounded by `connect_timeout`, but once Rasa has the message
    the client waits up to `answer_timeout` for it (a busy Rasa queues messages; each is answered in turn).

    With `actions_url`, the action server counts as part of the dialogue: Rasa without it still takes a message,
    records it and answers `[]` (the custom action's events are lost), so the message must not be sent then.
    """

    def __init__(
        self,
        base_url: str,
        connect_timeout: float = 5.0,
        answer_timeout: float = 120.0,
        actions_url: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.actions_url = actions_url.rstrip("/") if actions_url else None
        self.timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout)
        self.answer_timeout = answer_timeout
        self._session: aiohttp.ClientSession | None = None

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def send(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        """Send one user message; returns the bot's replies in order."""
        http = await self._http()
        if not await self._actions_up():
            raise RasaUnavailable("the action server is not answering")

        async def post() -> Any:
            async with http.post(
                f"{self.base_url}/webhooks/rest/webhook", json={"sender": sender_id, "message": text}
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}")
                return await response.json()

        try:
            replies = await asyncio.wait_for(post(), self.answer_timeout)
        except aiohttp.ClientError as error:  # refused, reset, or no connection within connect_timeout
            raise RasaUnavailable(str(error) or type(error).__name__) from error
        except asyncio.TimeoutError as error:
            raise RasaTooSlow(f"no answer within {self.answer_timeout:.0f} s") from error
        return replies if isinstance(replies, list) else []

    async def is_up(self) -> bool:
        return await self._answers(f"{self.base_url}/")

    async def can_answer(self) -> bool:
        """Rasa and, when it has one, its action server are both up: a message sent now gets its answer."""
        return await self.is_up() and await self._actions_up()

    async def _actions_up(self) -> bool:
        return self.actions_url is None or await self._answers(f"{self.actions_url}/health")

    async def _answers(self, url: str) -> bool:
        """Whether the server at `url` is up. One that takes the connection but is slow to answer is busy, not
        down (an action server working through a queue of drill turns answers its health check late)."""
        http = await self._http()
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                return response.status == 200
        except aiohttp.ClientConnectorError:  # refused (or the name is gone): stopped or restarting
            return False
        except asyncio.TimeoutError:  # no answer within 2 s: busy (a loaded bot may even connect late)
            return True
        except aiohttp.ClientError:  # reset mid-answer: going down
            return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
