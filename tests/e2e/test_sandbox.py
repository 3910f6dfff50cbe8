"""The sandbox's own endpoints: what the page sends, and what it reads back."""

from __future__ import annotations

import time
from typing import Any

import requests

REP = "U0REP01"


def state(url: str, user: str) -> dict[str, Any]:
    return requests.get(f"{url}/sandbox/state", params={"user": user}, timeout=10).json()


def wait_for_bot_message(url: str, user: str, containing: str, after: int = 0, timeout: float = 60) -> dict[str, Any]:
    """The first bot message after the `after`-th containing the words (demo users' conversations are shared)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in state(url, user)["messages"][after:]:
            if message["from"] == "bot" and containing in (message["text"] or ""):
                return message
        time.sleep(0.3)
    raise AssertionError(f"no bot message containing {containing!r}: {state(url, user)['messages']}")


def test_the_demo_team_is_offered(sandbox_url: str) -> None:
    page = requests.get(sandbox_url, timeout=10)
    assert page.status_code == 200 and "<html" in page.text.lower()
    people = {u["id"]: u for u in state(sandbox_url, REP)["users"]}
    assert {p["role"] for p in people.values()} == {"rep", "manager"} and len(people) == 3


def test_a_dm_and_a_button_click_go_through_the_real_app(sandbox_url: str) -> None:
    before = len(state(sandbox_url, REP)["messages"])
    sent = requests.post(f"{sandbox_url}/sandbox/send", json={"user": REP, "text": "hello"}, timeout=10)
    assert sent.json() == {"ok": True}
    help_message = wait_for_bot_message(sandbox_url, REP, "Here's what we can practise", after=before)
    assert any(m["from"] == "user" and m["text"] == "hello" for m in state(sandbox_url, REP)["messages"])
    clicked = requests.post(
        f"{sandbox_url}/sandbox/action",
        json={"user": REP, "ts": help_message["ts"], "type": "button", "action_id": "rasa_button_3"},
        timeout=10,
    )
    assert clicked.json() == {"ok": True}
    wait_for_bot_message(sandbox_url, REP, "streak", after=before + 2)


def test_an_unknown_subcommand_is_answered_only_to_the_user(sandbox_url: str) -> None:
    requests.post(f"{sandbox_url}/sandbox/send", json={"user": "U0REP02", "text": "/spar juggle"}, timeout=10)
    usage = wait_for_bot_message(sandbox_url, "U0REP02", "I don't know `/spar juggle`")
    assert usage["ephemeral_user"] == "U0REP02"
    assert all("juggle" not in (m["text"] or "") for m in state(sandbox_url, REP)["messages"] if m["from"] == "bot")


def test_the_home_tab_is_published(sandbox_url: str) -> None:
    assert requests.post(f"{sandbox_url}/sandbox/home", json={"user": "U0MGR01"}, timeout=10).json() == {"ok": True}
    deadline = time.monotonic() + 30
    while not state(sandbox_url, "U0MGR01")["home"] and time.monotonic() < deadline:
        time.sleep(0.3)
    assert "Hi Morgan" in str(state(sandbox_url, "U0MGR01")["home"])


def test_bad_requests_get_clear_answers(sandbox_url: str) -> None:
    nobody = requests.post(f"{sandbox_url}/sandbox/send", json={"user": "U0NOBODY", "text": "hi"}, timeout=10)
    assert nobody.status_code == 400 and nobody.json()["error"] == "pick a demo user first"
    empty = requests.post(f"{sandbox_url}/sandbox/send", json={"user": REP, "text": "   "}, timeout=10)
    assert empty.status_code == 400 and empty.json()["error"] == "type a message first"
    garbage = requests.post(f"{sandbox_url}/sandbox/send", data="{not json", timeout=10)
    assert garbage.status_code == 400 and garbage.json()["error"] == "expected a JSON body"
    gone = requests.post(
        f"{sandbox_url}/sandbox/action", json={"user": REP, "ts": "1.2", "action_id": "rasa_button_9"}, timeout=10
    )
    assert gone.status_code == 400 and "no longer there" in gone.json()["error"]
