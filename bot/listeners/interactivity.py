"""Interactivity: buttons from Rasa replies (and the App Home) become messages to the dialogue; a drill's rating and
the team summary's pages are answered here, without the dialogue."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import DIGEST_SETTINGS, DRILL_RATING, RASA_BUTTON, digest_settings, mark_button_chosen
from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer, claim_row, keep, set_aside, unless_database_down
from coach.drills.handlers import rate_my_drill
from coach.reports.handlers import digest_setting, team_report
from coach.reports.summary_pages import PAGE, read_page_value

RATING = re.compile(f"^{DRILL_RATING}_(yes|no)$")
PAGING = re.compile(f"^{PAGE}_(next|previous)$")
DIGEST_CHOICE = re.compile("^digest_(day_[1-7]|off)$")
NOT_YOUR_DRILL = "That button isn't for you: it rates a drill that isn't yours, so nothing was changed."
log = logging.getLogger(__name__)


def _delivery(body: dict[str, Any], action: dict[str, Any]) -> Delivery:
    user_id = body["user"]["id"]
    return Delivery(
        team_id=(body.get("team") or {}).get("id") or body["user"].get("team_id") or "",
        user_id=user_id,
        text=action.get("value") or "",
        source="action",
        delivery_id=body.get("trigger_id") or action.get("action_ts") or "",
        channel=(body.get("channel") or {}).get("id") or user_id,
        reply_channel=user_id,
    )


async def show_choice(client: AsyncWebClient, body: dict[str, Any], action: dict[str, Any]) -> None:
    """Replace the pressed button row with what was chosen, so it can't be pressed twice (a message that is gone,
    or a payload without one, is left alone: the press is still answered)."""
    message, channel, label = body.get("message"), body.get("channel"), action.get("text")
    if not (isinstance(message, dict) and message.get("ts") and isinstance(channel, dict) and channel.get("id")):
        return
    blocks = [b for b in message.get("blocks") or [] if isinstance(b, dict)]
    title = label.get("text", "") if isinstance(label, dict) else ""
    try:
        await client.chat_update(
            channel=channel["id"],
            ts=message["ts"],
            text=message.get("text") or "",
            blocks=mark_button_chosen(blocks, action.get("block_id") or "", title),
        )
    except SlackApiError as error:
        log.warning("could not mark the pressed button: %s", error.response.get("error"))


def first_press(body: dict[str, Any], action: dict[str, Any]) -> bool:
    """Whether this is the first press on its row of buttons. A row answers one question once: a quick double
    click sends two presses before the row is replaced by the choice, and the second would answer the next
    question ("Confirmed" twice marking the next exit criterion too). A press without its message is let through."""
    message_ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    if not (isinstance(message_ts, str) and message_ts and action.get("block_id")):
        return True
    delivery = _delivery(body, action)
    return claim_row(delivery.team_id, delivery.channel, message_ts, str(action["block_id"]))


def register(app: AsyncApp, rasa: RasaClient) -> None:
    async def acknowledge(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await asyncio.to_thread(keep, _delivery(body, action))
        await ack()

    async def press(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        if not await asyncio.to_thread(first_press, body, action):
            await asyncio.to_thread(set_aside, _delivery(body, action))
            return  # a double click, or a press on a row already answered: it changes nothing
        await show_choice(client, body, action)
        await answer(_delivery(body, action), client, rasa)

    app.action(re.compile(f"^{RASA_BUTTON}_\\d+$"))(ack=acknowledge, lazy=[press])

    async def just_ack(ack: AsyncAck) -> None:
        await ack()

    async def rate(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """ "Was this useful?" on a score card: stored on the rep's own drill, no dialogue involved."""
        team_id, user_id = _delivery(body, action).team_id, body["user"]["id"]
        useful = action["action_id"].endswith("yes")
        async with unless_database_down(client, user_id):
            stored = await asyncio.to_thread(rate_my_drill, team_id, user_id, action.get("value") or "", useful)
            if stored:
                await show_choice(client, body, action)
            else:
                await client.chat_postMessage(channel=user_id, text=NOT_YOUR_DRILL)

    app.action(RATING)(ack=just_ack, lazy=[rate])

    async def turn_page(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """ "Next page" or "Previous page" under the team summary: the message shows that page, made afresh for
        whoever clicked (the button holds a page and a period, nothing about whom it shows)."""
        asked, message = read_page_value(action.get("value") or ""), body.get("message") or {}
        channel = (body.get("channel") or {}).get("id")
        if asked is None or not message.get("ts") or not channel:
            return
        team_id, user_id = _delivery(body, action).team_id, body["user"]["id"]
        async with unless_database_down(client, user_id):
            report = await asyncio.to_thread(team_report, team_id, user_id, asked[1], asked[0])
            if report.page is None:
                await client.chat_postMessage(channel=user_id, text=report.text)
                return
            await client.chat_update(channel=channel, ts=message["ts"], **report.page)

    app.action(PAGING)(ack=just_ack, lazy=[turn_page])

    async def show_digest(body: dict[str, Any], client: AsyncWebClient) -> None:
        """ "Digest settings" on a manager's Home tab: the setting, with a button for each choice, in the DM."""
        team_id, user_id = (body.get("team") or {}).get("id") or "", body["user"]["id"]
        async with unless_database_down(client, user_id):
            setting = await asyncio.to_thread(digest_setting, team_id, user_id)
            message = digest_settings(setting.text, setting.on) if setting.manager else {"text": setting.text}
            await client.chat_postMessage(channel=user_id, **message)

    async def choose_digest(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """A day (or "Turn off") under the digest setting: stored for whoever clicked, and the message says so."""
        team_id, user_id = _delivery(body, action).team_id, body["user"]["id"]
        message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
        async with unless_database_down(client, user_id):
            setting = await asyncio.to_thread(digest_setting, team_id, user_id, action.get("value") or "")
            if not setting.manager or not message.get("ts") or not channel:
                await client.chat_postMessage(channel=user_id, text=setting.text)
                return
            await client.chat_update(channel=channel, ts=message["ts"], **digest_settings(setting.text, setting.on))

    app.action(DIGEST_SETTINGS)(ack=just_ack, lazy=[show_digest])
    app.action(DIGEST_CHOICE)(ack=just_ack, lazy=[choose_digest])
