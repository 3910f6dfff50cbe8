"""The channel the bot talks to Rasa through (credentials.yml): Rasa's REST channel, streaming each reply.

Each reply is sent as a line of JSON, `{"reply": {...}}`, the moment the dialogue produces it, so the bot posts a
drill's answer while Rasa still predicts its next step and saves the turn (as Rasa's own Slack connector does). A
last line says how the turn ended: `{"done": true}` once Rasa has saved it, `{"failed": true}` when it failed.
Rasa's own `?stream=true` never ends its answer when a turn fails, and its plain answer is then an empty list the
bot can't tell from a turn with nothing to say.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from sanic import Blueprint, response
from sanic.request import Request

from coach.settings import INTERNAL_TOKEN_HEADER

log = logging.getLogger(__name__)


def from_spar(request: Request) -> bool:
    """Whether the caller shows SPAR_INTERNAL_TOKEN, as the bot does: anyone else could speak as any user."""
    token = os.environ.get("SPAR_INTERNAL_TOKEN", "")
    shown = request.headers.get(INTERNAL_TOKEN_HEADER, "")
    return bool(token) and hmac.compare_digest(shown.encode(), token.encode())


class SparInput(RestInput):
    """POST `/webhooks/spar/webhook` with `{"sender": ..., "message": ...}`: a stream of JSON lines."""

    @classmethod
    def name(cls) -> str:
        return "spar"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("spar_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            if not from_spar(request):
                return response.json({"error": "unauthorized"}, status=401)
            sender_id, text = await self._extract_sender(request), self._extract_message(request)
            lines: asyncio.Queue = asyncio.Queue()

            async def turn() -> None:
                ending = {"done": True}
                try:
                    await on_new_message(
                        UserMessage(text, QueueOutputChannel(lines), sender_id, input_channel=self.name())
                    )
                except Exception:  # noqa: BLE001 - the bot is told, and Rasa's log has the traceback
                    log.exception("the dialogue failed on a message")
                    ending = {"failed": True}
                await lines.put(("end", ending))

            # Its own task: a turn runs to its end (and is saved) even if the bot hangs up meanwhile.
            running = asyncio.ensure_future(turn())

            async def stream(answer: Any) -> None:
                while True:
                    item = await lines.get()
                    if isinstance(item, tuple):
                        await answer.write(json.dumps(item[1]) + "\n")
                        break
                    await answer.write(json.dumps({"reply": item}) + "\n")
                await running

            return response.stream(stream, content_type="application/x-ndjson")

        return webhook
