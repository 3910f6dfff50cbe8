"""Talks to the Rasa server over Spar's streaming REST channel (spar/rasa_channel.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import aiohttp

from coach.settings import INTERNAL_TOKEN_HEADER

IDLE_CONNECTION_SECONDS = 2.0


class RasaUnavailable(RuntimeError):
    """Rasa did not take the message (down or restarting): it can be sent again later."""


class RasaTurnFailed(RuntimeError):
    """Rasa took the message and failed on it, or broke off after some of its replies: sending it again could play
    it twice, so it is not replayed."""


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
        token: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token  # SPAR_INTERNAL_TOKEN, which Rasa's channel asks for
        self.actions_url = actions_url.rstrip("/") if actions_url else None
        self.timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout)
        self.answer_timeout = answer_timeout
        self._session: aiohttp.ClientSession | None = None

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # Idle connections close after 2 s, before Rasa's (Sanic's 5 s keep-alive) could close one under a request.
            connector = aiohttp.TCPConnector(keepalive_timeout=IDLE_CONNECTION_SECONDS)
            self._session = aiohttp.ClientSession(timeout=self.timeout, connector=connector)
        return self._session

    async def send(self, sender_id: str, text: str) -> AsyncIterator[dict[str, Any]]:
        """The bot's replies to one user message, in order, each as soon as Rasa has it (spar/rasa_channel.py). Send
        only once `actions_up` says the action server is up (the relay checks it alongside its own checks).

        Before the first reply: `RasaUnavailable` when Rasa did not take the message. After it, or when Rasa says
        the turn failed: `RasaTurnFailed`.
        """
        http = await self._http()
        started = False
        try:
            async with http.post(
                f"{self.base_url}/webhooks/spar/webhook",
                json={"sender": sender_id, "message": text},
                headers={INTERNAL_TOKEN_HEADER: self.token},
                timeout=aiohttp.ClientTimeout(total=self.answer_timeout, sock_connect=self.timeout.sock_connect),
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}")
                async for line in _lines(response.content):
                    item = json.loads(line)
                    if "reply" in item:
                        started = True
                        yield item["reply"]
                    elif item.get("done"):
                        return
                    else:
                        raise RasaTurnFailed("the dialogue failed on this message")
                raise aiohttp.ClientPayloadError("Rasa's answer ended before the turn did")
        except aiohttp.ClientError as error:  # refused, reset, or no connection within connect_timeout
            broken = RasaTurnFailed if started else RasaUnavailable
            raise broken(str(error) or type(error).__name__) from error
        except asyncio.TimeoutError as error:
            raise RasaTooSlow(f"no answer within {self.answer_timeout:.0f} s") from error

    async def open_form(self, sender_id: str) -> str | None:
        """The form (drill, interview, checklist...) open in the user's conversation, or None; None too when Rasa
        can't say (the message then goes the usual way, and waits if Rasa is down)."""
        http = await self._http()
        url = f"{self.base_url}/conversations/{quote(sender_id, safe=':')}/tracker"
        try:
            async with http.get(
                url, params={"include_events": "NONE", "token": self.token}, timeout=aiohttp.ClientTimeout(total=10)
            ) as response:
                if response.status != 200:
                    return None
                loop = (await response.json()).get("active_loop") or {}
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None
        return loop.get("name") or None

    async def is_up(self) -> bool:
        return await self._answers(f"{self.base_url}/")

    async def can_answer(self) -> bool:
        """Rasa and, when it has one, its action server are both up: a message sent now gets its answer."""
        return await self.is_up() and await self.actions_up()

    async def actions_up(self) -> bool:
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


async def _lines(stream: aiohttp.StreamReader) -> AsyncIterator[bytes]:
    """The lines of a streamed answer, however long (aiohttp's own line reader stops at 128 KiB)."""
    pending = b""
    async for chunk in stream.iter_any():
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if line.strip():
                yield line
    if pending.strip():
        yield pending
