"""Rasa's own Slack connector, pointed at a Web API stand-in: the peer that bench/load.py measures Spar against.

`rasa run --credentials` names `rasa_slack_peer.StandInSlackInput` (with `bench/` on PYTHONPATH). It is
`rasa.core.channels.slack.SlackInput` unchanged except for two things the benchmark needs:

- its replies go to `SLACK_API_URL` instead of slack.com (SlackBot builds an `AsyncWebClient` with the default
  base URL and has no setting for it);
- conversations are `TEAM_ID:USER_ID`, as Spar's bot names them, because the action server (the same one Spar
  uses) reads the workspace from the sender id.
"""

from __future__ import annotations

import json
import os
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from slack_sdk.web.async_client import AsyncWebClient


class StandInSlackInput(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"  # the same webhook path as the original: /webhooks/slack/webhook

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        output = super().get_output_channel(channel, thread_id)
        assert isinstance(output, SlackBot)
        output.client = AsyncWebClient(self.slack_token, proxy=self.proxy, base_url=os.environ["SLACK_API_URL"])
        return output

    async def process_message(
        self,
        request: Any,
        on_new_message: Any,
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        return await super().process_message(
            request, on_new_message, text, f"{_team_of(request)}:{sender_id}", metadata
        )


def _team_of(request: Any) -> str:
    if request.headers.get("content-type") == "application/json":
        return (request.json or {}).get("team_id") or ""
    payload = json.loads(request.form["payload"][0])
    return (payload.get("team") or {}).get("id") or ""
