"""The team heatmap as a PNG file in the conversation, after the text summary it illustrates."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from coach.reports.heatmap import HEATMAP, render_png

FILENAME = "team-heatmap.png"
log = logging.getLogger(__name__)


def heatmap_in(reply: dict[str, Any]) -> dict[str, Any] | None:
    """The heatmap data a Rasa reply carries, if any."""
    custom = reply.get("custom")
    data = custom.get(HEATMAP) if isinstance(custom, dict) else None
    return data if isinstance(data, dict) else None


def _is_user(channel: str) -> bool:
    # Messages may be posted to a user's id, but files_upload_v2 needs the DM's channel id.
    return channel.startswith(("U", "W"))


async def upload_heatmap(
    client: AsyncWebClient, channel: str, data: dict[str, Any], thread_ts: str | None = None
) -> bool:
    """Render off the event loop and upload; a failure is logged (the text summary is already posted)."""
    try:
        png = await asyncio.to_thread(render_png, data)
        if _is_user(channel):
            channel = (await client.conversations_open(users=channel))["channel"]["id"]
        await client.files_upload_v2(
            channel=channel, file=png, filename=FILENAME, title=data["title"], thread_ts=thread_ts
        )
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
        log.warning("could not upload the team heatmap to %s: %s", channel, error)
        return False
    return True


def upload_heatmap_sync(client: WebClient, user_id: str, data: dict[str, Any]) -> bool:
    """The same for the scheduler's jobs, which use the synchronous client."""
    try:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(channel=channel, file=render_png(data), filename=FILENAME, title=data["title"])
    except (SlackClientError, OSError) as error:
        log.warning("could not upload the team heatmap to %s: %s", user_id, error)
        return False
    return True
