"""Block Kit builders: Rasa replies as Slack messages, and the App Home."""

from __future__ import annotations

from typing import Any

from coach.intents import intent_payload
from coach.mrkdwn import shown
from coach.reports.summary_pages import SUMMARY

RASA_BUTTON = "rasa_button"  # the action id of a button whose value is a message to the dialogue, numbered
DRILL_RATING = "drill_useful"  # "was this drill useful?": drill_useful_yes, drill_useful_no
DIGEST_SETTINGS = "digest_settings"  # the Home tab's button; then digest_day_1 to digest_day_7, and digest_off
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_TEXT = 2900  # a section's text may hold 3,000 characters


def button(title: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """One Block Kit button (Slack takes a title of up to 75 characters and a value of up to 2,000)."""
    element: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value[:2000]}
    if style:
        element["style"] = style
    element["text"] = {"type": "plain_text", "text": title[:75]}
    return element


def rasa_button(index: int, title: str, payload: str, style: str | None = None) -> dict[str, Any]:
    """A button whose press sends `payload` to the dialogue (`bot/listeners/interactivity.py`)."""
    return button(title, f"{RASA_BUTTON}_{index}", payload, style)


def rasa_message(text: str, buttons: list[tuple[str, str]], block_id: str = "rasa_buttons") -> dict[str, Any]:
    """chat.postMessage arguments: the text, then a row of (title, payload) buttons that talk to the dialogue."""
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in sections(text)]
    if buttons:
        elements = [rasa_button(i, title, payload) for i, (title, payload) in enumerate(buttons[:25])]
        blocks.append({"type": "actions", "block_id": block_id, "elements": elements})
    return {"text": text or "Choose one:", "blocks": blocks}


def rasa_reply_to_message(reply: dict[str, Any]) -> dict[str, Any] | None:
    """One Rasa reply as chat.postMessage arguments; a drill's score card (a custom payload with `rate_drill`) gets
    the "was this useful?" buttons after its own, and a page of the team summary comes as its blocks."""
    custom: dict[str, Any] = reply["custom"] if isinstance(reply.get("custom"), dict) else {}
    page = custom.get(SUMMARY)
    if isinstance(page, dict):
        return {"text": str(page.get("text") or "Team summary"), "blocks": list(page.get("blocks") or [])}
    if "rate_drill" in custom:
        message = rasa_message(str(custom.get("text") or ""), _titled(custom.get("buttons")))
        message["blocks"] += rating_blocks(str(custom["rate_drill"]))
        return message
    text = reply.get("text") or ""
    buttons = _titled(reply.get("buttons"))
    if not text and not buttons:
        return None
    return rasa_message(text, buttons)


def _titled(buttons: Any) -> list[tuple[str, str]]:
    """Rasa's buttons (`{"title": …, "payload": …}`) as (title, payload)."""
    return [(str(b.get("title", "?")), str(b.get("payload", ""))) for b in buttons or [] if isinstance(b, dict)]


def rating_blocks(practice_id: str) -> list[dict[str, Any]]:
    """ "Was this drill useful?" with its two buttons, which carry the drill's id (no dialogue involved)."""
    answers = (("yes", "👍 Useful"), ("no", "👎 Not useful"))
    return [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Was this drill useful?"}]},
        {
            "type": "actions",
            "block_id": "drill_rating",
            "elements": [button(label, f"{DRILL_RATING}_{answer}", practice_id) for answer, label in answers],
        },
    ]


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
    name: str,
    streak_text: str,
    next_practice: tuple[str, str] | None = None,
    recent: list[str] | None = None,
    team: list[str] | None = None,
) -> dict[str, Any]:
    """The Home tab: for a manager, the team at a glance first; then the streak, the recommended next practice
    (text, button payload), recent scores."""
    first = shown(name.split()[0]) if name.split() else "there"  # a Slack name, shown as typed
    leads: list[dict[str, Any]] = []
    if team is not None:
        leads = [
            {"type": "section", "text": {"type": "mrkdwn", "text": "*Your team*\n" + "\n".join(team)}},
            {
                "type": "actions",
                "block_id": "home_team",
                "elements": [
                    rasa_button(10, "Team summary", "/team_summary", style="primary"),
                    rasa_button(11, "This month", intent_payload("team_summary", period="month")),
                    rasa_button(12, "Pair the team", intent_payload("find_buddy", details="pair the team")),
                    button("Digest settings", DIGEST_SETTINGS, "show"),
                ],
            },
            {"type": "divider"},
        ]
    mine: list[dict[str, Any]] = []
    if next_practice:
        mine.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Recommended next*\n{next_practice[0]}"}})
        start_it = rasa_button(9, "Start it", next_practice[1], style="primary")
        mine.append({"type": "actions", "block_id": "home_next", "elements": [start_it]})
    if recent:
        mine.append({"type": "section", "text": {"type": "mrkdwn", "text": "*Recent scores*\n" + "\n".join(recent)}})
    start = [
        rasa_button(0, "Start a role-play", "/start_roleplay", style="primary"),
        rasa_button(1, "Interview practice", "/start_interview"),
        rasa_button(2, "Pre-call checklist", "/start_precall"),
    ]
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Spar: your sales sparring partner"}},
            *leads,
            {"type": "section", "text": {"type": "mrkdwn", "text": f"Hi {first}!\n\n*Your streak*\n{streak_text}"}},
            {"type": "divider"},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*Practise now*: pick one, or DM me in your words."},
            },
            {"type": "actions", "block_id": "home_start", "elements": start},
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
    elements = [button(title, action, value) for title, action, value in buttons]
    blocks.append({"type": "actions", "block_id": block_id, "elements": elements})
    return {"text": text, "blocks": blocks}


def digest_settings(text: str, on: bool) -> dict[str, Any]:
    """chat.postMessage arguments: the manager's weekly digest setting, a button for each day to move it to, and one
    to turn it off while it is on (`bot/listeners/interactivity.py`)."""
    days = [
        button(day, f"digest_day_{n}", str(n))
        for n, day in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), 1)
    ]
    elements = [*days, button("Turn off", "digest_off", "off", style="danger")] if on else days
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Choose the day your weekly digest comes:"}]},
            {"type": "actions", "block_id": "digest_settings", "elements": elements},
        ],
    }


def buddy_invitation(text: str, pair_id: str) -> dict[str, Any]:
    """chat.postMessage arguments: an invitation to be buddies, to accept or decline (`bot/listeners/buddies.py`)."""
    return with_buttons(
        text, "buddy_invite", [("Accept", "buddy_accept", pair_id), ("Decline", "buddy_decline", pair_id)]
    )


def notices_in(reply: dict[str, Any]) -> list[dict[str, Any]]:
    """chat.postMessage arguments for messages an action addresses to someone else (`spar_notify` payloads: `to`,
    `text`, and `invite` for a buddy invitation's pair id)."""
    custom = reply["custom"] if isinstance(reply.get("custom"), dict) else {}
    notices = custom.get("spar_notify") or []
    found = []
    for notice in notices:
        if not isinstance(notice, dict) or not isinstance(notice.get("to"), str):
            continue
        text = str(notice.get("text") or "Spar")
        invite = notice.get("invite")
        message = buddy_invitation(text, str(invite)) if invite is not None else {"text": text}
        found.append({"channel": notice["to"], **message})
    return found
