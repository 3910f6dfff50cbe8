"""Hostile and broken requests to the running bot: each gets a clear refusal or an answer, never a server error or a
traceback in Slack; nothing is stored that should not be; no data crosses workspaces; no secret reaches a log."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.listeners.commands import as_rasa_message
from bot.sandbox import payloads
from coach.db import session_scope
from coach.models import BuddyPair, CheckIn, ChecklistRun, Deal, PracticeSession
from coach.people import ensure_user
from coach.text import storable
from tests.conftest import SECRET, TEAM
from tests.processes import INTERNAL_TOKEN
from tests.slack import SlackUser, db_rows, text_of

TRACEBACK = re.compile(r"Traceback|File \"|\b[A-Z]\w*(Error|Exception)\b")
STRANGERS = "T0STRANGERS"  # a workspace Spar has no token for
ELSEWHERE = "T0ELSEWHERE"  # another workspace whose rows share Spar's database
SETTLE = 1.5  # long enough for a lazy listener to have posted, had it wrongly run


def sign(body: str | bytes, content_type: str = "application/json", **how: Any) -> dict[str, str]:
    """Headers signed the way Slack signs (over the raw bytes, so a body that isn't UTF-8 is signed too)."""
    timestamp = str(how.get("timestamp", int(time.time())))
    raw = body.encode() if isinstance(body, str) else body
    secret = str(how.get("secret", SECRET)).encode()
    signature = "v0=" + hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def send(stack: dict, body: str | bytes, headers: dict[str, Any]) -> requests.Response:
    raw = body.encode() if isinstance(body, str) else body
    return requests.post(f"{stack['bot_url']}/slack/events", data=raw, headers=headers, timeout=30)


def kept(stack: dict, marker: str) -> list[tuple]:
    sql = "SELECT team_id, user_slack_id, text, source FROM inbound_messages WHERE text LIKE :m"
    return db_rows(stack["db_url"], sql, m=f"%{marker}%")


def dm(
    person: SlackUser,
    text: str,
    workspace: str = TEAM,
    top: dict[str, Any] | None = None,
    inner: dict[str, Any] | None = None,
) -> str:
    """A DM event body, with `top` fields of the body and `inner` fields of its event set (or, given None, removed)."""
    body = json.loads(payloads.dm_event(workspace, person.user_id, person.channel, text)[0])
    changed(body, top or {})
    changed(body["event"], inner or {})
    return json.dumps(body)


def press(person: SlackUser, action_id: str, value: Any, workspace: str = TEAM, **changes: Any) -> str:
    """A button press body (url-encoded `payload=`); `changes` set (or, given None, remove) fields of the payload."""
    action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value, "text": {"text": "Go"}}
    body = json.loads(form_field(payloads.block_action(workspace, person.user_id, action)[0], "payload"))
    return urlencode({"payload": json.dumps(changed(body, changes))})


def command(person: SlackUser, text: str, workspace: str = TEAM, **changes: Any) -> str:
    """A `/spar` command body; `changes` set (or, given None, remove) its fields."""
    form = dict(parse_qsl(payloads.slash_command(workspace, person.user_id, person.channel, text, person.slack.url)[0]))
    return urlencode(changed(form, changes))


def changed(fields: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`fields` with each change set, or removed when its value is None."""
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


def form_field(body: str, name: str) -> str:
    return dict(parse_qsl(body))[name]


@contextmanager
def nothing_leaks(stack: dict) -> Iterator[dict[str, Any]]:
    """What the bot posted and logged while the block ran, checked: no traceback in Slack or in the bot's log."""
    api, bot = stack["slack"].api, next(p for p in stack["processes"] if p.name == "bot")
    posted_before, logged_before = len(api.messages), bot.log_path.stat().st_size
    seen: dict[str, Any] = {}
    yield seen
    time.sleep(SETTLE)
    seen["posted"] = api.messages[posted_before:]
    seen["log"] = bot.log_path.read_bytes()[logged_before:].decode(errors="replace")
    assert not [m for m in seen["posted"] if TRACEBACK.search(text_of(m))], seen["posted"]
    assert "Traceback" not in seen["log"], seen["log"][-3000:]


def answered(seen: dict[str, Any], marker: str, *channels: str) -> list[dict]:
    """What the bot posted in `channels`, to another workspace or quoting `marker`: what the requests sent inside
    `nothing_leaks` could have caused (not a weekly digest the scheduler happens to post meanwhile)."""
    return [
        m
        for m in seen["posted"]
        if m["channel"] in channels or m.get("team_id") not in (None, TEAM) or marker in text_of(m)
    ]


def wait_answered(stack: dict, delivery_id: str, timeout: float = 60) -> tuple:
    """The kept row for a delivery once the dialogue has answered it (every reply is posted by then)."""
    sql = "SELECT text, status, source FROM inbound_messages WHERE event_id = :e"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = db_rows(stack["db_url"], sql, e=delivery_id)
        if rows and rows[0][1] != "received":
            return rows[0]
        time.sleep(0.2)
    raise AssertionError(f"{delivery_id} was not answered in {timeout}s: {rows}")


# -- signatures ----------------------------------------------------------------------------------------------------


def test_a_request_without_a_good_signature_is_refused_and_nothing_is_stored(stack: dict, rep: SlackUser) -> None:
    marker = uuid.uuid4().hex
    body = dm(rep, f"hello {marker}")
    now = int(time.time())
    good = sign(body)
    cases: dict[str, dict[str, Any]] = {
        "signed with another secret": sign(body, secret="not-the-secret"),
        "six minutes old": sign(body, timestamp=now - 6 * 60),
        "six minutes ahead": sign(body, timestamp=now + 6 * 60),
        "signature of another body": sign(dm(rep, "something else")),
        "no signature": {k: v for k, v in good.items() if k != "X-Slack-Signature"},
        "no timestamp": {k: v for k, v in good.items() if k != "X-Slack-Request-Timestamp"},
        "no Slack headers at all": {"Content-Type": "application/json"},
        "timestamp not a number": {**sign(body, timestamp="soon")},
        "timestamp in other digits": {**good, "X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠".encode()},
        "signature not ASCII": {**good, "X-Slack-Signature": ("v0=" + "é" * 64).encode()},
        "empty signature": {**good, "X-Slack-Signature": ""},
    }
    with nothing_leaks(stack) as seen:
        statuses = {name: send(stack, body, headers).status_code for name, headers in cases.items()}
    assert statuses == dict.fromkeys(cases, 401)
    assert kept(stack, marker) == [] and answered(seen, marker, rep.user_id, rep.channel) == []


def test_a_broken_body_from_anyone_but_slack_is_only_a_401(stack: dict) -> None:
    deep = "[" * 100_000 + "]" * 100_000  # Python's JSON parser gives up on this with a RecursionError
    for body in (deep, b"\xff\xfe{", "{not json", "payload=%7Bbroken"):
        assert send(stack, body, {"Content-Type": "application/json"}).status_code == 401


def test_a_replayed_message_is_answered_once(stack: dict, rep: SlackUser) -> None:
    marker = uuid.uuid4().hex
    body = dm(rep, f"thank you {marker}")
    headers = sign(body)  # the very same signed request, sent again within the five minutes
    assert send(stack, body, headers).status_code == 200
    wait_answered(stack, json.loads(body)["event_id"])
    replies = len(rep.replies())
    with nothing_leaks(stack):
        assert send(stack, body, headers).status_code == 200
    assert len(rep.replies()) == replies and len(kept(stack, marker)) == 1


def test_a_replayed_command_or_button_press_is_handled_once(stack: dict, rep: SlackUser) -> None:
    body = command(rep, "streak")
    headers = sign(body, "application/x-www-form-urlencoded")
    assert send(stack, body, headers).status_code == 200
    assert wait_answered(stack, form_field(body, "trigger_id"))[2] == "command"
    help_message = rep.says("help")[0]
    button = next(e for b in help_message["blocks"] for e in b.get("elements") or [] if e.get("type") == "button")
    pressed = payloads.block_action(TEAM, rep.user_id, {**button, "block_id": "rasa_buttons"})[0]
    pressed_headers = sign(pressed, "application/x-www-form-urlencoded")
    assert send(stack, pressed, pressed_headers).status_code == 200
    wait_answered(stack, json.loads(form_field(pressed, "payload"))["trigger_id"])
    replies = len(rep.replies())
    with nothing_leaks(stack):
        assert send(stack, body, headers).status_code == 200
        assert send(stack, pressed, pressed_headers).status_code == 200
    assert len(rep.replies()) == replies
    sql = "SELECT source FROM inbound_messages WHERE user_slack_id = :u ORDER BY id"
    assert [row[0] for row in db_rows(stack["db_url"], sql, u=rep.user_id)] == ["command", "message", "action"]


# -- broken bodies, correctly signed -------------------------------------------------------------------------------


def broken_bodies(rep: SlackUser, marker: str) -> dict[str, tuple[str | bytes, str]]:
    json_type, form = "application/json", "application/x-www-form-urlencoded"
    said = f"hi {marker}"
    return {
        "empty": ("", json_type),
        "not JSON": ("{not json " + marker, json_type),
        "a JSON list": ("[]", json_type),
        "JSON null": ("null", json_type),
        "a JSON string": (json.dumps(said), json_type),
        "JSON nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, json_type),
        "not UTF-8": (b"\xff\xfe{" + marker.encode(), json_type),
        "a form labelled JSON": (command(rep, said), json_type),
        "payload= broken JSON": ("payload=%7Bbroken" + marker, form),
        "payload= a list": (urlencode({"payload": "[]"}), form),
        "payload= null": (urlencode({"payload": "null"}), form),
        "payload= a number": (urlencode({"payload": "42"}), form),
        "bad percent-encoding": ("payload=%ZZ%" + marker, form),
        "a press without a user": (press(rep, "rasa_button_0", said, user=None), form),
        "a press without actions": (press(rep, "rasa_button_0", said, actions=None), form),
        "a press whose actions are a string": (press(rep, "rasa_button_0", said, actions=said), form),
        "a press whose value is a number": (press(rep, "drill_useful_yes", 42, message={"text": said}), form),
        "a press whose action id is a number": (press(rep, "x", said, actions=[{"action_id": 7, "value": said}]), form),
        "a press whose channel is a string": (press(rep, "rasa_button_0", said, channel=said), form),
        "a press whose team is a string": (press(rep, "rasa_button_0", said, team=said), form),
        "a press whose trigger id is 500 long": (press(rep, "rasa_button_0", said, trigger_id="1" * 500), form),
        "a command without a user": (command(rep, f"commit {marker}", user_id=None), form),
        "a command without a team": (command(rep, f"commit {marker}", team_id=None), form),
        "a command whose channel is 100 long": (command(rep, f"commit {marker}", channel_id="D" * 100), form),
        "an event that is a string": (dm(rep, said, top={"event": said}), json_type),
        "an event without a type": (dm(rep, said, inner={"type": None}), json_type),
        "an event without a user": (dm(rep, said, inner={"user": None}), json_type),
        "an event without a channel": (dm(rep, said, inner={"channel": None}), json_type),
        "an event without a team": (dm(rep, said, top={"team_id": None, "authorizations": None}), json_type),
        "an event whose user is an object": (dm(rep, said, inner={"user": {"id": rep.user_id}}), json_type),
        "an event whose text is a number": (dm(rep, marker, inner={"text": 42, "blocks": [{"text": said}]}), json_type),
        "an event id that is a number": (dm(rep, said, top={"event_id": 12345}), json_type),
        "an event id 500 long": (dm(rep, said, top={"event_id": "E" * 500}), json_type),
        "a user id 100 long": (dm(rep, said, inner={"user": "U" * 100}), json_type),
        "a team id 100 long": (
            dm(rep, said, top={"team_id": "T" * 100, "authorizations": [{"team_id": "T" * 100}]}),
            json_type,
        ),
        "a mention without ts": (dm(rep, said, inner={"type": "app_mention", "ts": None}), json_type),
        "an unknown event type": (dm(rep, said, inner={"type": "reaction_added"}), json_type),
        "an event type from the future": (dm(rep, said, inner={"type": "spar_takeover"}), json_type),
        "a home tab opened by no one": (dm(rep, said, inner={"type": "app_home_opened", "user": None}), json_type),
        "a type nobody sends": (json.dumps({"type": "spar_admin", "text": said}), json_type),
        "a view submission": (urlencode({"payload": json.dumps({"type": "view_submission", "view": said})}), form),
    }


def test_broken_bodies_get_no_server_error_no_traceback_and_store_nothing(stack: dict, rep: SlackUser) -> None:
    marker = uuid.uuid4().hex
    bodies = broken_bodies(rep, marker)
    with nothing_leaks(stack) as seen:
        statuses = {name: send(stack, body, sign(body, kind)).status_code for name, (body, kind) in bodies.items()}
    assert {name: s for name, s in statuses.items() if s >= 500} == {}
    assert kept(stack, marker) == []
    assert [m for m in seen["posted"] if m["channel"] in (rep.user_id, rep.channel)] == []
    assert db_rows(stack["db_url"], "SELECT team_id FROM workspaces WHERE team_id NOT LIKE 'T0%'") == []


@pytest.mark.parametrize("label", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; b=x"])
def test_a_signed_event_under_another_content_type_is_read_as_json(stack: dict, rep: SlackUser, label: str) -> None:
    """Bolt reads a body that starts with `{` as JSON whatever its label; the signature shows Slack sent it."""
    marker = uuid.uuid4().hex
    body = dm(rep, f"thanks {marker}")
    with nothing_leaks(stack):
        assert send(stack, body, sign(body, label)).status_code == 200
        assert wait_answered(stack, json.loads(body)["event_id"])[:2] == (f"thanks {marker}", "processed")


def test_text_no_database_can_hold_is_kept_readable_and_answered(stack: dict, rep: SlackUser) -> None:
    marker = uuid.uuid4().hex
    body = dm(rep, f"hi \x00 {marker} \ud800")  # NUL (PostgreSQL refuses it) and half a surrogate pair
    with nothing_leaks(stack):
        assert send(stack, body, sign(body)).status_code == 200
        assert wait_answered(stack, json.loads(body)["event_id"])[:2] == (f"hi \ufffd {marker} \ufffd", "processed")
    assert rep.replies()


def test_a_message_full_of_mentions_asks_slack_about_fifty_people(stack: dict, rep: SlackUser) -> None:
    api = stack["slack"].api
    before = api.method_names().count("users.info")
    text = "invite " + " ".join(f"<@U0GHOST{i:04d}>" for i in range(1_000))
    with nothing_leaks(stack):
        assert rep.says(text)
    assert api.method_names().count("users.info") - before <= 51  # the speaker, then 50 of those mentioned


# -- workspaces Spar has no token for ------------------------------------------------------------------------------


def test_a_workspace_spar_is_not_installed_in_is_refused_clearly(stack: dict) -> None:
    """Spar runs with one bot token, so it serves that token's workspace only (see bot/middleware.py): events from
    another are acknowledged and dropped, a slash command is told Spar isn't installed there, nothing is stored."""
    marker = uuid.uuid4().hex
    stranger = SlackUser(stack["bot_url"], SECRET, stack["slack"], STRANGERS, "U0STRANGER1")
    json_type, form = "application/json", "application/x-www-form-urlencoded"
    bodies = {
        "a DM": (dm(stranger, f"hi {marker}", workspace=STRANGERS), json_type),
        "a mention": (payloads.mention_event(STRANGERS, stranger.user_id, "C0THEIRS", f"hi {marker}")[0], json_type),
        "a button press": (press(stranger, "rasa_button_0", f"/greet {marker}", workspace=STRANGERS), form),
        "a DM whose authorizations name Spar's workspace": (
            dm(stranger, f"hi {marker}", workspace=STRANGERS, top={"authorizations": [{"team_id": TEAM}]}),
            json_type,
        ),
        "a press naming two workspaces": (
            press(stranger, "rasa_button_0", f"hi {marker}", workspace=STRANGERS, team_id=TEAM),
            form,
        ),
    }
    with nothing_leaks(stack) as seen:
        for name, (body, kind) in bodies.items():
            assert send(stack, body, sign(body, kind)).status_code == 200, name
        slash = command(stranger, f"commit 3 drills {marker}", workspace=STRANGERS)
        refused = send(stack, slash, sign(slash, form))
    assert refused.status_code == 200 and "isn't installed in this Slack workspace" in refused.text
    assert kept(stack, marker) == [] and answered(seen, marker, stranger.user_id, "C0THEIRS") == []
    assert db_rows(stack["db_url"], "SELECT team_id FROM workspaces WHERE team_id = :t", t=STRANGERS) == []


# -- ids from another workspace in button values -------------------------------------------------------------------


def another_workspace(stack: dict, rep: SlackUser) -> dict[str, Any]:
    """Rows of another workspace, one of them a user with the rep's very Slack id: a button carrying their ids
    must change nothing there."""
    with session_scope(stack["db_url"]) as session:
        ensure_user(session, rep.team_id, rep.user_id, name="Riley Rep")
        twin = ensure_user(session, ELSEWHERE, rep.user_id, name="Riley Elsewhere")
        alice = ensure_user(session, ELSEWHERE, f"U{uuid.uuid4().hex[:10].upper()}", name="Alice Elsewhere")
        bob = ensure_user(session, ELSEWHERE, f"U{uuid.uuid4().hex[:10].upper()}", name="Bob Elsewhere")
        invited = BuddyPair(team_id=ELSEWHERE, user_a_id=alice.id, user_b_id=twin.id, status="invited")
        active = BuddyPair(team_id=ELSEWHERE, user_a_id=bob.id, user_b_id=twin.id, status="active")
        session.add_all([invited, active])
        session.flush()
        checkin = CheckIn(
            team_id=ELSEWHERE, pair_id=active.id, user_id=twin.id, week_start=this_monday(), kind="midweek"
        )
        drill = PracticeSession(team_id=ELSEWHERE, user_id=twin.id, kind="drill", ref="cfo-discovery:standard")
        deal = Deal(team_id=ELSEWHERE, owner_id=twin.id, account="Othercorp", stage="discover")
        session.add_all([checkin, drill, deal])
        session.flush()
        run = ChecklistRun(team_id=ELSEWHERE, user_id=twin.id, deal_id=deal.id, answers={}, status="planned")
        session.add(run)
        session.flush()
        return {
            "invited": invited.id,
            "active": active.id,
            "checkin": checkin.id,
            "drill": drill.id,
            "deal": deal.id,
            "run": run.id,
            "alice": alice.slack_id,
            "bob": bob.slack_id,
        }


def this_monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday())


def elsewhere_state(stack: dict, ids: dict[str, Any]) -> list[tuple]:
    """The other workspace's rows the buttons name, and how many rows it has in all."""
    sql = """SELECT
        (SELECT status FROM buddy_pairs WHERE id = :invited), (SELECT status FROM buddy_pairs WHERE id = :active),
        (SELECT status FROM checkins WHERE id = :checkin), (SELECT useful FROM practice_sessions WHERE id = :drill),
        (SELECT status FROM checklist_runs WHERE id = :run), (SELECT stage FROM deals WHERE id = :deal),
        (SELECT count(*) FROM checklist_runs WHERE team_id = :t) + (SELECT count(*) FROM deals WHERE team_id = :t)
        + (SELECT count(*) FROM practice_sessions WHERE team_id = :t)
        + (SELECT count(*) FROM buddy_pairs WHERE team_id = :t) + (SELECT count(*) FROM checkins WHERE team_id = :t)"""
    params = {k: v for k, v in ids.items() if k not in ("alice", "bob")}
    return db_rows(stack["db_url"], sql, t=ELSEWHERE, **params)


def test_a_button_carrying_another_workspaces_ids_changes_nothing_there(stack: dict, rep: SlackUser) -> None:
    ids = another_workspace(stack, rep)
    before = elsewhere_state(stack, ids)
    assert before[0][:6] == ("invited", "active", "sent", None, "planned", "discover")
    presses = [
        ("buddy_accept", ids["invited"]),
        ("buddy_decline", ids["invited"]),
        ("buddy_encourage", ids["checkin"]),
        ("buddy_nudge", ids["checkin"]),
        ("buddy_keep", ids["active"]),
        ("buddy_end", ids["active"]),
        ("drill_useful_yes", ids["drill"]),
        ("drill_useful_no", ids["drill"]),
    ]
    form = "application/x-www-form-urlencoded"
    with nothing_leaks(stack) as seen:
        for action_id, value in presses:
            count = len(rep.replies())
            body = press(rep, action_id, str(value))
            assert send(stack, body, sign(body, form)).status_code == 200
            answer = rep._wait_for_new_replies(count)[0]
            assert "isn't for you" in text_of(answer), (action_id, text_of(answer))
        # A Rasa button whose payload names the other workspace's call, run and deal: the rep's own debrief starts.
        details = {"details": "my Othercorp call", "debrief_run": str(ids["run"]), "precall_run": str(ids["run"])}
        payload = "/log_call_outcome" + json.dumps(details)
        count = len(rep.replies())
        body = press(rep, "rasa_button_0", payload)
        assert send(stack, body, sign(body, form)).status_code == 200
        assert text_of(rep._wait_for_new_replies(count)[0])
    assert elsewhere_state(stack, ids) == before
    assert [m for m in seen["posted"] if m["channel"] in (ids["alice"], ids["bob"])] == []


# -- anything a rep types, through Slack ---------------------------------------------------------------------------

SLACK_TEXT = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from("\x00\x07\x1b\u200b\u202e\ufeff/{}\"'<>@*_~`"),
    min_size=1,
    max_size=3_000,
).filter(lambda text: text.strip())


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=SLACK_TEXT, as_command=st.booleans())
@example(text="/nonexistent_intent", as_command=False)
@example(text='/greet{"broken json', as_command=False)
@example(text='/start_precall{"details": "\\u0000 Acme \\ud800 at 99:99"}', as_command=False)
@example(text="precall " + "\x00Northwind " * 300, as_command=True)
@example(text=("What is that costing you? " * 1_600)[:40_000], as_command=False)  # Slack's longest message
@example(text="team add " + " ".join(f"<@U0NOBODY{i:04d}>" for i in range(1_000)), as_command=True)
def test_anything_a_rep_types_is_kept_as_sent_and_answered(
    stack: dict, rep: SlackUser, text: str, as_command: bool
) -> None:
    before = len(rep.replies())
    if as_command:
        body = command(rep, text)
        response = send(stack, body, sign(body, "application/x-www-form-urlencoded"))
        expected = as_rasa_message(storable(text))
        delivery = form_field(body, "trigger_id")
    else:
        body = dm(rep, text)
        response = send(stack, body, sign(body))
        expected = storable(text)
        delivery = json.loads(body)["event_id"]
    assert response.status_code == 200
    assert not TRACEBACK.search(response.text)
    if expected is None:  # an unknown subcommand: the usage, in the command's own answer
        assert "/spar help" in response.text
        return
    kept_text, status, _ = wait_answered(stack, delivery)
    assert kept_text == expected and status == "processed"
    replies = rep.replies()[before:]
    assert replies or response.text, f"no answer to {text!r}"
    assert not [r for r in replies if TRACEBACK.search(text_of(r))], replies


# -- secrets never reach a log -------------------------------------------------------------------------------------


def test_no_process_logs_the_signing_secret_or_the_bot_token(stack: dict, rep: SlackUser) -> None:
    forged = dm(rep, "hi")
    send(stack, forged, sign(forged, secret="not-the-secret"))
    broken = "{" * 50
    send(stack, broken, sign(broken))
    stranger = dm(rep, "hi", workspace=STRANGERS)
    send(stack, stranger, sign(stranger))
    rep.says("hi", expect=2)
    time.sleep(SETTLE)
    for process in stack["processes"]:
        log = process.log_path.read_text(errors="replace")
        assert SECRET not in log and "xoxb-test" not in log, process.name


def test_debug_logging_in_the_bot_shows_neither_secret(
    stack: dict, rep: SlackUser, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot's own code at DEBUG level (Bolt, slack_sdk, the listeners), through hostile requests and a real one."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    from bot.app import create_app
    from bot.rasa_client import RasaClient
    from coach.settings import load_settings

    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": stack["slack"].url,
        "DATABASE_URL": stack["db_url"],
    }.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.DEBUG)
    stale = int(time.time()) - 600
    requests_to_send = [
        (dm(rep, "forged"), {"secret": "not-the-secret"}),
        (dm(rep, "stale"), {"timestamp": stale}),
        (dm(rep, "from elsewhere", workspace=STRANGERS), {}),
        (dm(rep, "no user", inner={"user": None}), {}),
        (dm(rep, "hello there"), {}),
    ]

    async def run() -> list[int]:
        rasa = RasaClient(stack["rasa_url"], token=INTERNAL_TOKEN)
        app = create_app(load_settings(), rasa)
        statuses = []
        for body, how in requests_to_send:
            request = AsyncBoltRequest(body=body, headers=sign(body, **how))
            statuses.append((await app.async_dispatch(request)).status)
        await asyncio.to_thread(wait_answered, stack, json.loads(requests_to_send[-1][0])["event_id"])
        await rasa.close()
        return statuses

    assert asyncio.run(run()) == [401, 401, 200, 200, 200]
    assert rep.replies(), "the real message got no answer"
    assert "auth.test" in caplog.text  # DEBUG did log the Web API calls
    assert SECRET not in caplog.text and "xoxb-test" not in caplog.text
