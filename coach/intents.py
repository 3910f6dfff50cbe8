"""What a button or a slash command says to the dialogue: an intent with its entities, `/intent{"entity": value}`.

Rasa reads a message written this way as that intent with those entities, without NLU. The actions (buttons in
their replies) and the bot (slash commands, the App Home, scheduled messages) build them here, in one way.
"""

from __future__ import annotations

import json


def intent_payload(intent: str, **entities: object) -> str:
    """`/intent`, followed by its entities as a JSON object when there are any."""
    return f"/{intent}" + (json.dumps(entities) if entities else "")


def choose_scenario(scenario_id: str, difficulty: str) -> str:
    """The message that starts a role-play of this scenario at this difficulty."""
    return intent_payload("choose_scenario", scenario=scenario_id, difficulty=difficulty)
