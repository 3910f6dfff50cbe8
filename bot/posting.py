"""Posting a reply in Slack: one Slack would refuse as too big (over 50 blocks, text over 40,000 characters) is
sent as its text in parts instead, never dropped."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("spar.posting")
TOO_BIG = {"msg_too_long", "invalid_blocks", "too_many_blocks"}
PART = 3_500  # characters a part: well inside Slack's limit, and readable


def parts_of(text: str, size: int = PART) -> list[str]:
    """`text` cut into parts of at most `size` characters, at line breaks where it can be."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > size:  # a line longer than a part is cut where it must be
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:size])
            line = line[size:]
        if len(current) + len(line) > size:
            parts.append(current)
            current = ""
        current += line
    if current.strip():
        parts.append(current)
    return [part.rstrip("\n") for part in parts if part.strip()]


async def post(client: AsyncWebClient, channel: str, message: dict[str, Any], thread_ts: str | None = None) -> None:
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
    except SlackApiError as error:
        if error.response.get("error") not in TOO_BIG:
            raise
        text = message.get("text") or ""
        log.warning(
            "a reply too big for Slack (%s) goes as %d part(s) of text", error.response["error"], len(parts_of(text))
        )
        for part in parts_of(text):
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=part)
