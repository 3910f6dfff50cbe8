"""Files in the conversation, after the message they belong to: the team heatmap pictures and the summary's CSV."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from coach.reports.heatmap import HEATMAP, render_png
from coach.reports.summary_pages import SUMMARY

FILENAME = "team-heatmap.png"
log = logging.getLogger(__name__)


def heatmaps_in(reply: dict[str, Any]) -> list[dict[str, Any]]:
    """The data of the heatmap pictures a Rasa reply carries, if any."""
    custom = reply.get("custom")
    pictures = custom.get(HEATMAP) if isinstance(custom, dict) else None
    return [p for p in pictures if isinstance(p, dict)] if isinstance(pictures, list) else []


def csv_in(reply: dict[str, Any]) -> tuple[str, str] | None:
    """The summary's CSV file a Rasa reply carries, as (file name, text), if any."""
    custom = reply.get("custom")
    page = custom.get(SUMMARY) if isinstance(custom, dict) else None
    if not isinstance(page, dict) or not isinstance(page.get("csv"), str):
        return None
    return str(page.get("csv_name") or "team-summary.csv"), page["csv"]


def _is_user(channel: str) -> bool:
    # Messages may be posted to a user's id, but files_upload_v2 needs the DM's channel id.
    return channel.startswith(("U", "W"))


async def share_file(
    client: AsyncWebClient, channel: str, content: bytes | str, filename: str, title: str, thread_ts: str | None = None
) -> bool:
    """Upload a file into the conversation; a failure is logged (the message it belongs to is already posted)."""
    try:
        if _is_user(channel):
            channel = (await client.conversations_open(users=channel))["channel"]["id"]
        await client.files_upload_v2(
            channel=channel, content=content, filename=filename, title=title, thread_ts=thread_ts
        )
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
        log.warning("could not upload %s to %s: %s", filename, channel, error)
        return False
    return True


async def upload_heatmap(
    client: AsyncWebClient, channel: str, data: dict[str, Any], thread_ts: str | None = None
) -> bool:
    """Render off the event loop, then upload."""
    png = await asyncio.to_thread(render_png, data)
    return await share_file(client, channel, png, FILENAME, data["title"], thread_ts)


def share_file_sync(client: WebClient, user_id: str, content: bytes | str, filename: str, title: str) -> bool:
    """The same in the user's DM, for the scheduler's jobs, which use the synchronous client."""
    try:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(channel=channel, content=content, filename=filename, title=title)
    except (SlackClientError, OSError) as error:
        log.warning("could not upload %s to %s: %s", filename, user_id, error)
        return False
    return True


def upload_heatmap_sync(client: WebClient, user_id: str, data: dict[str, Any]) -> bool:
    return share_file_sync(client, user_id, render_png(data), FILENAME, data["title"])
