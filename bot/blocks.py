"""Block Kit builders: Rasa replies as Slack messages, and the App Home."""

from __future__ import annotations

from typing import Any

RASA_BUTTON = "rasa_button"
MAX_TEXT = 2900  # a section's text may hold 3,000 characters


def rasa_reply_to_message(reply: dict[str, Any]) -> dict[str, Any] | None:
    """One Rasa reply as chat.postMessage arguments; custom payloads may carry their own blocks."""
    custom: dict[str, Any] = reply["custom"] if isinstance(reply.get("custom"), dict) else {}
    if custom.get("blocks"):
        return {"text": custom.get("text") or reply.get("text") or "Spar", "blocks": custom["blocks"]}
    text = reply.get("text") or ""
    buttons = reply.get("buttons") or []
    if not text and not buttons:
        return None
    blocks: list[dict[str, Any]] = []
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in sections(text)]
    if buttons:
        blocks.append(
            {
                "type": "actions",
                "block_id": "rasa_buttons",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{RASA_BUTTON}_{i}",
                        "value": str(b.get("payload", ""))[:2000],
                        "text": {"type": "plain_text", "text": str(b.get("title", "?"))[:75]},
                    }
                    for i, b in enumerate(buttons[:25])
                ],
            }
        )
    return {"text": text or "Choose one:", "blocks": blocks}


def sections(text: str) -> list[str]:
    """Long text (a call plan) as several sections, cut between lines: a section holds 3,000 characters."""
    parts: list[str] = []
    for line in text.splitlines():
        while len(line) > MAX_TEXT:
            parts.append(line[:MAX_TEXT])
            line = line[MAX_TEXT:]
        if parts and len(parts[-1]) + 1 + len(line) <= MAX_TEXT:
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return [p for p in parts if p.strip()]


def mark_button_chosen(blocks: list[dict[str, Any]], block_id: str, title: str) -> list[dict[str, Any]]:
    """The message's blocks with the clicked button row replaced by what was chosen (no double clicks)."""
    chosen = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"You chose *{title}*"}]}
    return [chosen if b.get("block_id") == block_id else b for b in blocks]


def home_view(
    name: str, streak_text: str, next_practice: tuple[str, str] | None = None, recent: list[str] | None = None
) -> dict[str, Any]:
    """The Home tab: the streak, the recommended next practice (text, button payload), recent scores."""
    first = name.split()[0] if name else "there"
    mine: list[dict[str, Any]] = []
    if next_practice:
        mine.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Recommended next*\n{next_practice[0]}"}})
        mine.append(
            {
                "type": "actions",
                "block_id": "home_next",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{RASA_BUTTON}_9",
                        "value": next_practice[1],
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Start it"},
                    }
                ],
            }
        )
    if recent:
        mine.append({"type": "section", "text": {"type": "mrkdwn", "text": "*Recent scores*\n" + "\n".join(recent)}})
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Spar: your sales sparring partner"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"Hi {first}! *Your streak*\n{streak_text}"}},
            {"type": "divider"},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*Practise now*: pick one, or DM me in your words."},
            },
            {
                "type": "actions",
                "block_id": "home_start",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{RASA_BUTTON}_0",
                        "value": "/start_roleplay",
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Start a role-play"},
                    },
                    {
                        "type": "button",
                        "action_id": f"{RASA_BUTTON}_1",
                        "value": "/start_interview",
                        "text": {"type": "plain_text", "text": "Interview practice"},
                    },
                    {
                        "type": "button",
                        "action_id": f"{RASA_BUTTON}_2",
                        "value": "/start_precall",
                        "text": {"type": "plain_text", "text": "Pre-call checklist"},
                    },
                ],
            },
            *mine,
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "Type `/spar help` anywhere for the commands."}],
            },
        ],
    }


def with_buttons(text: str, block_id: str, buttons: list[tuple[str, str, str]]) -> dict[str, Any]:
    """chat.postMessage arguments: the text, then a row of (title, action_id, value) buttons."""
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in sections(text)]
    blocks.append(
        {
            "type": "actions",
            "block_id": block_id,
            "elements": [
                {"type": "button", "action_id": action, "value": value, "text": {"type": "plain_text", "text": title}}
                for title, action, value in buttons
            ],
        }
    )
    return {"text": text, "blocks": blocks}


def notices_in(reply: dict[str, Any]) -> list[dict[str, Any]]:
    """chat.postMessage arguments for messages an action addresses to someone else (`spar_notify` payloads)."""
    custom = reply["custom"] if isinstance(reply.get("custom"), dict) else {}
    notices = custom.get("spar_notify") or []
    return [
        {"channel": n["to"], "text": n.get("text") or "Spar", **({"blocks": n["blocks"]} if n.get("blocks") else {})}
        for n in notices
        if isinstance(n, dict) and isinstance(n.get("to"), str)
    ]
